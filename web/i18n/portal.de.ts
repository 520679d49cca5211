// Deutsche Texte der öffentlichen Meldestelle (web/portal/); dieselben Schlüssel wie portal.en.ts.
// Meldende sprechen wir mit „Sie“ an, in kurzen Sätzen und einfachen Worten.
import type { Messages } from './en.ts';

export const portalDe: Messages['portal'] = {
  layout: {
    portalName: 'Meldestelle',
    navigation: 'Meldestelle',
    report: 'Eine Beobachtung melden',
    dialogue: 'Antworten mit Ihrer Quittung lesen',
    footer: 'Betrieben mit TMA, dem Threat Management Assistant.',
    documentTitle: '{{page}} · {{organisation}}',
  },
  loading: 'Wird geladen…',
  notFound: {
    title: 'Meldestelle nicht gefunden',
    text: 'Unter dieser Adresse gibt es keine Meldestelle. Bitte prüfen Sie den Link, den Sie erhalten haben.',
  },
  loadError: {
    title: 'Die Seite konnte nicht geladen werden',
    network: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    other: 'Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.',
    retry: 'Erneut versuchen',
  },
  emergency: {
    title: 'Im Notfall',
    dangerTitle: 'Jemand ist jetzt in Gefahr: Holen Sie zuerst Hilfe',
    dangerFallback: 'Rufen Sie sofort den Notruf 112 und bringen Sie sich und andere in Sicherheit.',
    dangerUrgent:
      'Senden Sie danach diese Meldung: Sie wird als dringend markiert und das Team in Bereitschaft sofort alarmiert.',
  },
  form: {
    intro: 'Fragen mit * müssen beantwortet werden. Alles andere ist freiwillig.',
    required: 'Pflichtangabe',
    characters: '{{used}} von {{max}} Zeichen',
    sectionAbout: 'Zu Ihrer Person',
    unit: {
      label: 'Land oder Geschäftsbereich',
      description:
        'Welchen Teil der Organisation betrifft es? Das zuständige Team kümmert sich um Ihre Meldung.',
      placeholder: 'Bitte wählen…',
      linked: 'Ihre Meldung geht an das Team für {{unit}}.',
    },
    identity: {
      legend: 'Möchten Sie Ihren Namen angeben?',
      anonymous: 'Nein, anonym melden',
      anonymousDescription: 'Das Team erfährt nicht, wer Sie sind.',
      named: 'Ja, mit meinem Namen melden',
      namedDescription: 'Das Team kann Sie direkt ansprechen.',
      explanationTitle: 'Was „anonym“ bedeutet',
      explanation1:
        'Wir speichern weder Ihre IP-Adresse noch Ihren Browser noch die Uhrzeit Ihrer Meldung – nur den Tag.',
      explanation2:
        'Nach dem Absenden erhalten Sie eine Quittungsnummer. Mit ihr, und nur mit ihr, können Sie die Antworten des Teams lesen und beantworten. Niemand kann sie Ihnen zuordnen.',
      explanation3:
        'Wenn Sie anonym bleiben möchten, lassen Sie Einzelheiten weg, die nur Sie wissen können.',
      name: 'Ihr Name',
      email: 'E-Mail-Adresse (freiwillig)',
      emailDescription:
        'Nur für den Hinweis, dass eine Antwort auf Sie wartet. Der Inhalt von Nachrichten wird nie per E-Mail verschickt.',
      phone: 'Telefonnummer (freiwillig)',
      phoneDescription: 'Falls das Team Sie anrufen darf.',
    },
    persons: {
      person: 'Person {{number}}',
      role: 'Wie ist diese Person beteiligt?',
      rolePlaceholder: 'Bitte wählen…',
      name: 'Name',
      nameDescription: 'Falls Sie ihn kennen.',
      description: 'Beschreibung',
      descriptionDescription:
        'Zum Beispiel Tätigkeit, Team oder Standort, oder wie die Person aussieht, wenn Sie den Namen nicht kennen.',
      add: 'Person hinzufügen',
      addAnother: 'Weitere Person hinzufügen',
      remove: 'Person {{number}} entfernen',
      limit: 'Sie können bis zu {{count}} Personen nennen.',
      added: 'Person {{number}} hinzugefügt.',
      removed: 'Person entfernt.',
    },
    attachments: {
      label: 'Dateien (freiwillig)',
      description:
        'Fotos, Bildschirmfotos oder Dokumente, die zeigen, was passiert ist: {{types}}. Bis zu {{count}} Dateien, jede höchstens {{size}}.',
      privacy:
        'Versteckte Angaben in Fotos und PDF-Dokumenten, etwa der Name der Verfasserin oder des Verfassers oder der Ort, an dem ein Foto aufgenommen wurde, werden entfernt.',
      add: 'Dateien hinzufügen',
      addMore: 'Weitere Dateien hinzufügen',
      chosen: 'Ausgewählte Dateien',
      remove: '{{name}} entfernen',
      removeShort: 'Entfernen',
      count_one: '{{count}} Datei ausgewählt.',
      count_other: '{{count}} Dateien ausgewählt.',
      none: 'Keine Dateien ausgewählt.',
    },
    submit: 'Meldung absenden',
    solving: 'Wir prüfen, dass Sie kein Bot sind…',
    sending: 'Ihre Meldung wird gesendet…',
    summaryTitle: 'Bitte prüfen Sie Ihre Angaben',
    summaryIntro_one: 'Eine Angabe braucht Ihre Aufmerksamkeit:',
    summaryIntro_other: '{{count}} Angaben brauchen Ihre Aufmerksamkeit:',
    person: 'Person {{number}}',
    errorTitle: 'Ihre Meldung wurde nicht gesendet',
    networkError:
      'Der Server ist nicht erreichbar. Ihre Angaben sind noch da: Prüfen Sie Ihre Verbindung und senden Sie erneut.',
    proofFailed: 'Die Prüfung, dass Sie kein Bot sind, hat nicht geklappt. Bitte senden Sie erneut.',
    throttled: 'Von hier wurden zu viele Meldungen gesendet. Bitte versuchen Sie es in {{wait}} erneut.',
    throttledNoWait:
      'Von hier wurden zu viele Meldungen gesendet. Bitte warten Sie etwas und versuchen Sie es dann erneut.',
    formChanged:
      'Das Formular wurde geändert, während Sie es ausgefüllt haben. Bitte prüfen Sie Ihre Angaben und senden Sie erneut.',
    notReady:
      'Diese Meldestelle ist noch nicht eingerichtet. Bitte wenden Sie sich auf anderem Weg an das Team.',
    serverError:
      'Auf dem Server ist ein Fehler aufgetreten. Ihre Angaben sind noch da: Bitte senden Sie erneut.',
  },
  problems: {
    required: 'Bitte beantworten Sie diese Frage.',
    requiredName: 'Bitte geben Sie Ihren Namen an, oder wählen Sie „anonym melden“.',
    tooLong: 'Bitte kürzen Sie auf höchstens {{max}} Zeichen.',
    singleLine: 'Bitte schreiben Sie dies in eine Zeile.',
    notADay: 'Bitte geben Sie ein vollständiges Datum ein oder lassen Sie das Feld leer.',
    futureDay: 'Das Datum darf nicht in der Zukunft liegen.',
    notAnOption: 'Bitte wählen Sie eine der Möglichkeiten.',
    tooManyPersons: 'Sie können höchstens {{max}} Personen nennen.',
    roleRequired: 'Bitte geben Sie an, wie diese Person beteiligt ist.',
    personEmpty: 'Bitte geben Sie einen Namen oder eine Beschreibung an, oder entfernen Sie diese Person.',
    email: 'Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de ein, oder lassen Sie das Feld leer.',
    unitRequired: 'Bitte wählen Sie das Land oder den Geschäftsbereich.',
    unitUnknown: 'Der Link nennt einen Bereich, den es nicht gibt. Bitte wählen Sie einen aus.',
    tooManyFiles: 'Sie können höchstens {{max}} Dateien hinzufügen. Bitte entfernen Sie einige.',
    fileTooLarge:
      'Diese Datei ist größer als {{size}}. Bitte entfernen Sie sie oder senden Sie eine kleinere.',
    fileEmpty: 'Diese Datei ist leer. Bitte entfernen Sie sie.',
    fileType:
      'Dateien dieser Art können nicht angenommen werden. Bitte entfernen Sie sie oder senden Sie sie als {{types}}.',
    fileUnreadable:
      'Diese Datei scheint beschädigt zu sein und kann nicht angenommen werden. Bitte entfernen Sie sie.',
    fileEncrypted:
      'Dieses PDF ist mit einem Passwort geschützt und kann nicht angenommen werden. Bitte entfernen Sie es.',
    imageTooLarge:
      'Dieses Bild hat zu viele Pixel. Bitte entfernen Sie es oder senden Sie eine kleinere Fassung.',
    invalid: 'Diese Angabe wurde nicht angenommen. Bitte prüfen Sie sie.',
  },
  receipt: {
    title: 'Ihre Meldung wurde gesendet',
    thanks: 'Vielen Dank. Das Team für {{unit}} kümmert sich darum.',
    thanksGeneral: 'Vielen Dank. Das Team kümmert sich darum.',
    receivedOn: 'Eingegangen am {{date}}.',
    label: 'Ihre Quittungsnummer',
    spokenLabel: 'Ihre Quittungsnummer, Ziffer für Ziffer:',
    copy: 'Nummer kopieren',
    copied: 'Kopiert',
    copyFailed:
      'Kopieren funktioniert hier nicht. Markieren und kopieren Sie die Nummer oder schreiben Sie sie auf.',
    adviceTitle: 'Schreiben Sie diese Nummer jetzt auf und bewahren Sie sie sicher auf',
    advice1: 'Sie brauchen sie, um die Antworten des Teams zu lesen und seine Fragen zu beantworten.',
    advice2:
      'Sie wird nur dieses eine Mal angezeigt. Sie lässt sich nicht wiederherstellen: Auch das Team kann sie weder nachschlagen noch Ihnen erneut schicken.',
    advice3:
      'Bewahren Sie sie so auf, dass andere sie nicht finden, nicht auf einem gemeinsam genutzten Computer.',
    noted: 'Ich habe mir meine Quittungsnummer notiert',
    notedRequired: 'Bitte bestätigen Sie, dass Sie sich Ihre Quittungsnummer notiert haben.',
    done: 'Fertig',
    toDialogue: 'Zur Seite mit den Antworten',
    dialogueHint:
      'Schauen Sie in ein paar Tagen wieder vorbei: Das Team antwortet auf der Seite mit den Antworten.',
    noReceipt: 'Für diese Meldung wurde keine Quittungsnummer vergeben. Antworten gibt es hier daher nicht.',
  },
  done: {
    title: 'Vielen Dank für Ihre Meldung',
    text: 'Ihre Meldung ist beim Team angekommen. Um die Antworten zu lesen, öffnen Sie die Seite mit den Antworten und geben Ihre Quittungsnummer ein.',
    dialogue: 'Zur Seite mit den Antworten',
    another: 'Eine weitere Meldung senden',
  },
  dialogue: {
    title: 'Antworten auf Ihre Meldung',
    loginIntro:
      'Geben Sie die Quittungsnummer ein, die Sie beim Absenden Ihrer Meldung erhalten haben. Dann können Sie die Antworten des Teams lesen und beantworten.',
    receipt: 'Quittungsnummer',
    receiptDescription: '32 Ziffern (16 bei einer älteren Quittung), mit oder ohne Leerzeichen.',
    receiptMalformed:
      'Bitte geben Sie die 32 Ziffern Ihrer Quittungsnummer ein (16 bei einer älteren Quittung).',
    open: 'Öffnen',
    solving: 'Wir prüfen, dass Sie kein Bot sind…',
    opening: 'Wird geöffnet…',
    invalid: 'Diese Quittung ist nicht gültig.',
    throttled: 'Zu viele Versuche. Bitte versuchen Sie es in {{wait}} erneut.',
    throttledNoWait: 'Zu viele Versuche. Bitte warten Sie etwas und versuchen Sie es dann erneut.',
    errorTitle: 'Öffnen nicht möglich',
    expired:
      'Zu Ihrem Schutz wurden Sie nach 30 Minuten abgemeldet. Bitte geben Sie Ihre Quittungsnummer erneut ein.',
    loggedOut: 'Sie sind abgemeldet. Die Antworten werden auf diesem Gerät nicht mehr angezeigt.',
    logout: 'Abmelden',
    sessionNote: 'Zu Ihrem Schutz werden Sie um {{time}} Uhr automatisch abgemeldet.',
    loading: 'Ihre Meldung wird geladen…',
    statusLabel: 'Stand',
    status: {
      received: 'Eingegangen',
      in_review: 'Wird geprüft',
      in_progress: 'In Bearbeitung',
      closed: 'Abgeschlossen',
    },
    closedWithoutContent:
      'Diese Meldung ist abgeschlossen. Ihr Inhalt wird nicht mehr aufbewahrt, und es können keine Nachrichten mehr gesendet werden.',
    statusText: {
      received: 'Ihre Meldung ist angekommen. Das Team sieht sie sich bald an.',
      in_review: 'Das Team prüft Ihre Meldung.',
      in_progress: 'Das Team kümmert sich um die Angelegenheit.',
      closed: 'Das Team hat die Bearbeitung Ihrer Meldung abgeschlossen. Sie können ihm trotzdem schreiben.',
    },
    receivedOn: 'Gesendet am {{date}}',
    anonymous: 'Anonym gesendet',
    named: 'Mit Ihrem Namen gesendet',
    messages: 'Nachrichten',
    noMessages:
      'Es gibt noch keine Nachrichten. Das Team schreibt Ihnen hier; schauen Sie bitte in ein paar Tagen wieder vorbei.',
    fromTeam: 'Team',
    fromMe: 'Sie',
    kind: {
      acknowledgement: 'Eingangsbestätigung',
      feedback: 'Rückmeldung zu Ihrer Meldung',
    },
    reply: 'Dem Team schreiben',
    replyLabel: 'Ihre Nachricht',
    replyDescription:
      'Beantworten Sie die Fragen des Teams oder ergänzen Sie, was Ihnen noch eingefallen ist.',
    replyRequired: 'Bitte schreiben Sie eine Nachricht oder fügen Sie eine Datei hinzu.',
    replyTooLong: 'Bitte kürzen Sie Ihre Nachricht auf höchstens {{max}} Zeichen.',
    send: 'Nachricht senden',
    sending: 'Wird gesendet…',
    sent: 'Ihre Nachricht wurde gesendet.',
    sendError: 'Ihre Nachricht wurde nicht gesendet.',
    yourReport: 'Ihre Meldung',
    yourFiles: 'Von Ihnen gesendete Dateien',
    noAnswer: 'Nicht beantwortet',
  },
};
