import type { Messages } from './en.ts';

/** Exporte: der Fallbericht (ein PDF der Fallakte) und die Seite, die eine exportierte Datei prüft. */
export const exportsDe: Messages['exports'] = {
  nav: {
    verify: 'Export prüfen',
  },
  report: {
    button: 'Bericht exportieren …',
    title: '{{reference}} als PDF-Bericht exportieren',
    intro:
      'Der Bericht enthält die Fallakte, wie Sie sie jetzt lesen dürfen: Zusammenfassung, Personen, Meldungen, Aufgaben, Dokumente und das Journal.',
    language: 'Sprache des Berichts',
    names: 'Namen von Personen aufnehmen',
    namesHelp:
      'Nur für das Bedrohungsmanagement des Falls. Lassen Sie es aus, wenn die Empfänger die Namen nicht brauchen: Der Bericht nennt Personen dann mit Pseudonymen.',
    noticeTitle: 'Bevor Sie den Bericht weitergeben',
    watermark: 'Jede Seite trägt ein Wasserzeichen mit Ihrem Namen und dem Zeitpunkt des Exports.',
    audited:
      'Der Export wird im Audit-Log festgehalten, mit einem Fingerabdruck der Datei, der später belegt, ob eine Kopie verändert wurde.',
    pseudonyms: 'Namen von Personen werden standardmäßig pseudonymisiert.',
    submit: 'Bericht exportieren',
    cancel: 'Abbrechen',
    close: 'Schließen',
    doneTitle: 'Der Bericht wurde heruntergeladen',
    done: 'Gespeichert als „{{fileName}}“. Sie finden ihn in den Downloads Ihres Browsers.',
    exportId: 'Export-ID',
    verifyText: 'Wer die Datei erhält, kann auf dieser Seite prüfen, ob sie unverändert ist:',
    verifyLink: 'Export prüfen',
    errors: {
      report_names_not_allowed: 'Nur das Bedrohungsmanagement des Falls darf Namen von Personen exportieren.',
    },
  },
  verify: {
    title: 'Export prüfen',
    intro:
      'Prüfen Sie, ob eine Datei ein Bericht ist, den TMA für Ihre Organisation exportiert hat, und ob ihn seither niemand verändert hat.',
    privacy:
      'Die Datei verlässt Ihren Computer nicht: Ihr Browser berechnet ihren Fingerabdruck (SHA-256), und nur dieser Fingerabdruck wird an TMA gesendet.',
    fileHeading: 'Zu prüfende Datei',
    drop: 'Legen Sie die Datei hier ab, oder wählen Sie sie aus.',
    dropActive: 'Datei ablegen, um sie zu prüfen',
    choose: 'Datei auswählen …',
    chooseOther: 'Andere Datei auswählen …',
    checking: '„{{name}}“ wird geprüft …',
    readError: 'Die Datei konnte nicht gelesen werden: {{message}}',
    resultHeading: 'Ergebnis',
    fingerprint: 'Fingerabdruck (SHA-256)',
    verifiedTitle: 'Unveränderter TMA-Export',
    verifiedText: '„{{name}}“ ist genau die Datei, die TMA exportiert hat.',
    refusedTitle: 'Kein unveränderter Export dieser Organisation',
    refusedText: '„{{name}}“: Die Datei wurde nach dem Export verändert, oder sie wurde nicht hier erstellt.',
    exportId: 'Export-ID',
    caseReference: 'Fall',
    exportedBy: 'Exportiert von',
    exportedAt: 'Exportiert am',
    language: 'Sprache',
    languages: {
      de: 'Deutsch',
      en: 'Englisch',
    },
    namesIncluded: 'Namen von Personen enthalten',
    yes: 'Ja',
    no: 'Nein (Pseudonyme)',
    unknown: 'Unbekannt',
  },
};
