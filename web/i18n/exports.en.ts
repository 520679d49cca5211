// English messages of exports: the case report (a PDF of the case file) and the page that verifies an
// exported file; exports.de.ts must have exactly these keys (en.ts and de.ts include both as `exports`).
export const exportsEn = {
  nav: {
    verify: 'Verify an export',
  },
  report: {
    button: 'Export report…',
    title: 'Export {{reference}} as a PDF report',
    intro:
      'The report holds the case file as you may read it now: summary, persons, reports, tasks, documents and the journal.',
    language: 'Language of the report',
    names: 'Include names of persons',
    namesHelp:
      'For the case’s threat managers only. Leave it off unless the recipient needs the names: the report then identifies persons by pseudonyms.',
    noticeTitle: 'Before you share the report',
    watermark: 'Every page is watermarked with your name and the time of the export.',
    audited:
      'The export is recorded in the audit log, with a fingerprint of the file that proves later whether a copy was changed.',
    pseudonyms: 'Names of persons are pseudonymised by default.',
    submit: 'Export report',
    cancel: 'Cancel',
    close: 'Close',
    doneTitle: 'The report was downloaded',
    done: 'Saved as “{{fileName}}”. Check your browser’s downloads.',
    exportId: 'Export ID',
    verifyText: 'Whoever receives the file can check on this page that it is unaltered:',
    verifyLink: 'Verify an export',
    errors: {
      report_names_not_allowed: 'Only the case’s threat managers may export names of persons.',
    },
  },
  verify: {
    title: 'Verify an export',
    intro:
      'Check whether a file is a report that TMA exported for your organisation, and that nobody changed it since.',
    privacy:
      'The file never leaves your computer: your browser computes its fingerprint (SHA-256), and only that fingerprint is sent to TMA.',
    fileHeading: 'File to check',
    drop: 'Drop the file here, or choose it.',
    dropActive: 'Drop the file to check it',
    choose: 'Choose a file…',
    chooseOther: 'Choose another file…',
    checking: 'Checking “{{name}}”…',
    readError: 'The file could not be read: {{message}}',
    resultHeading: 'Result',
    fingerprint: 'Fingerprint (SHA-256)',
    verifiedTitle: 'Unaltered TMA export',
    verifiedText: '“{{name}}” is exactly the file TMA exported.',
    refusedTitle: 'Not an unaltered export of this organisation',
    refusedText: '“{{name}}”: the file was changed after export, or it was not made here.',
    exportId: 'Export ID',
    caseReference: 'Case',
    exportedBy: 'Exported by',
    exportedAt: 'Exported at',
    language: 'Language',
    languages: {
      de: 'German',
      en: 'English',
    },
    namesIncluded: 'Names of persons included',
    yes: 'Yes',
    no: 'No (pseudonyms)',
    unknown: 'Unknown',
  },
};
