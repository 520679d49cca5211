// Deleting cases and reports, tombstones, and the case list.
export const deletionEn = {
  reasons: {
    retention_expired: 'Retention period expired',
    unfounded: 'Unfounded',
    data_subject_request: 'Request of the data subject',
    duplicate: 'Duplicate',
    legal_order: 'Legal order',
    other: 'Other reason',
  },
  action: {
    delete: 'Delete…',
    requestDelete: 'Request deletion…',
    approve: 'Approve deletion',
    withdraw: 'Withdraw request',
  },
  dialog: {
    caseTitle: 'Delete case {{reference}}',
    reportTitle: 'Delete report {{reference}}',
    caseExplanation:
      'The case and every report linked to it are deleted for good: their keys are destroyed, so the title, the reports’ answers, the reporters’ details, the attachments and the dialogue can never be read again, not even from backups. Only a tombstone stays: the reference, the unit, the dates, who deleted it and why.',
    reportExplanation:
      'The report is deleted for good: its key is destroyed, so its answers, the reporter’s details, the attachments and the dialogue can never be read again, not even from backups. Only a tombstone stays: the reference, the unit, the dates, who deleted it and why. The reporter sees the report as closed.',
    irreversible: 'This cannot be undone.',
    approvalRequired:
      'Your organisation requires a second admin to approve deletions. The deletion happens when another admin approves it.',
    reason: 'Reason',
    reasonPlaceholder: 'Choose a reason',
    note: 'Note for the approving admin (optional)',
    confirm: 'Type {{reference}} to confirm',
    confirmMismatch: 'Type the reference exactly as shown.',
    submitDelete: 'Delete for good',
    submitRequest: 'Request deletion',
    cancel: 'Cancel',
    failed: 'The deletion failed',
  },
  pending: {
    title: 'Deletion requested',
    text: '{{name}} asked on {{day}} to delete this for good. Reason: {{reason}}.',
    note: 'Note: {{note}}',
    ownRequest: 'Another admin must approve your request.',
    requested: 'The deletion was requested. Another admin must approve it.',
    approveFailed: 'The approval failed',
  },
  gone: {
    caseTitle: 'Case deleted',
    reportTitle: 'Report deleted',
    caseText: 'This case was deleted on {{day}}. Its content is gone for good.',
    reportText: 'This report was deleted on {{day}}. Its content is gone for good.',
    reason: 'Reason: {{reason}}',
  },
  cases: {
    nav: 'Cases',
    access: {
      title: 'Not available for your role',
      text: 'Cases are worked on by threat managers, the experts on a case’s team and administrators (metadata). Auditors see no cases.',
    },
    title: 'Cases',
    intro:
      'The cases you can see. Without filters: the open ones, newest first, and the tombstones of deleted cases.',
    loadMore: 'Load more cases',
    loading: 'Loading cases…',
    errorTitle: 'The cases could not be loaded',
    empty: 'There are no cases you can see.',
    reference: 'Reference',
    caseTitle: 'Title',
    status: 'Status',
    unit: 'Unit',
    opened: 'Opened',
    deletedOn: 'Deleted on {{day}}',
  },
  settings: {
    heading: 'Deleting cases and reports',
    help: 'Admins delete cases and reports for good (crypto-shredding). With this on, one admin’s deletion is only a request until another admin approves it.',
    requiresApproval: 'A second admin must approve every deletion',
  },
  inbox: {
    deletedOn: 'Deleted on {{day}}',
  },
};
