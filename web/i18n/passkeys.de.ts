import type { Messages } from './en.ts';

// German messages of passkeys: exactly the keys of passkeys.en.ts.
export const passkeysDe: Messages['passkeys'] = {
  card: {
    heading: 'Passkeys',
    intro:
      'Mit einem Passkey melden Sie sich über die Bildschirmsperre Ihres Geräts oder einen Sicherheitsschlüssel an, ohne Passwort. Nach dem Passwort dient er auch als zweiter Schritt.',
    requiredHint: 'Ein Passkey erfüllt auch die Vorgabe Ihrer Organisation zur Anmeldung in zwei Schritten.',
    loading: 'Ihre Passkeys werden geladen …',
    errorTitle: 'Ihre Passkeys konnten nicht geladen werden',
    none: 'Sie haben noch keine Passkeys.',
    add: 'Passkey hinzufügen',
    addTitle: 'Passkey hinzufügen',
    addText:
      'Geben Sie dem Passkey einen Namen, damit Sie ihn wiedererkennen, und folgen Sie dann der Abfrage Ihres Browsers.',
    addTextPassword:
      'Geben Sie dem Passkey einen Namen, damit Sie ihn wiedererkennen, und Ihr Passwort ein. Folgen Sie dann der Abfrage Ihres Browsers.',
    name: 'Name',
    nameDescription: 'Zum Beispiel „Dienstlaptop“ oder „Sicherheitsschlüssel“.',
    defaultName: 'Passkey',
    continue: 'Weiter',
    cancel: 'Abbrechen',
    added: 'Passkey „{{name}}“ hinzugefügt.',
    removed: 'Passkey „{{name}}“ entfernt.',
    created: 'Hinzugefügt',
    lastUsed: 'Zuletzt verwendet',
    neverUsed: 'Noch nicht verwendet',
    synced: 'Synchronisiert',
    remove: 'Entfernen',
    removeNamed: 'Passkey {{name}} entfernen',
    removeTitle: 'Passkey entfernen',
    removeText: 'Mit „{{name}}“ können Sie sich dann nicht mehr anmelden.',
    removeTextPassword:
      'Mit „{{name}}“ können Sie sich dann nicht mehr anmelden. Geben Sie zur Bestätigung Ihr Passwort ein.',
    removeConfirm: 'Passkey entfernen',
    wrongPassword: 'Das Passwort ist nicht richtig.',
    cancelled: 'Es wurde kein Passkey erstellt: Die Abfrage wurde abgebrochen oder ist abgelaufen.',
    exists: 'Dieses Gerät oder dieser Sicherheitsschlüssel enthält bereits einen Passkey für Ihr Konto.',
    unsupported: 'Dieser Browser kann keine Passkeys erstellen.',
    invalid: 'Der Passkey konnte nicht geprüft werden. Bitte versuchen Sie es noch einmal.',
    originMismatch:
      'Passkeys dieses TMA gehören zu einer anderen Adresse als diese Seite ({{here}}). Öffnen Sie TMA unter der unten genannten Adresse, oder bitten Sie Ihre Administration, TMA_PUBLIC_URL auf die Adresse zu setzen, die Sie verwenden.',
    needsHostName:
      'Passkeys funktionieren nur unter einer Adresse mit Hostnamen, nicht unter einer IP-Adresse wie {{here}}. Öffnen Sie TMA unter der unten genannten Adresse, oder bitten Sie Ihre Administration, TMA_PUBLIC_URL zu setzen.',
  },
  login: {
    or: 'oder',
    signIn: 'Mit Passkey anmelden',
    organisationFirst: 'Geben Sie zuerst Ihre Organisation ein.',
    failed:
      'Der Passkey wurde nicht angenommen. Verwenden Sie einen Passkey dieser Organisation oder melden Sie sich mit E-Mail-Adresse und Passwort an.',
    cancelled: 'Die Anmeldung mit Passkey wurde abgebrochen oder ist abgelaufen.',
    unsupported: 'Dieser Browser kann sich nicht mit Passkeys anmelden.',
  },
  secondFactor: {
    use: 'Passkey verwenden',
    or: 'oder Code eingeben',
    failed:
      'Der Passkey wurde nicht angenommen. Versuchen Sie es noch einmal oder geben Sie den Code aus der App ein.',
    none: 'Für dieses Konto gibt es keinen Passkey. Geben Sie den Code aus der App ein.',
    cancelled: 'Die Passkey-Abfrage wurde abgebrochen oder ist abgelaufen.',
  },
};
