// English messages of the threat managers' dashboard (web/dashboard); dashboard.de.ts must have exactly these
// keys (en.ts and de.ts include both as `dashboard`).
export const dashboardEn = {
  nav: 'Dashboard',
  title: 'Dashboard',
  intro:
    'Your work at a glance: the cases and reports you work on, what is due, and what happened on your cases. Everything here links to where you deal with it.',
  loading: 'Loading the dashboard…',
  loadError: 'The dashboard could not be loaded',
  asOf: 'As of {{time}}',
  figuresLabel: 'Key figures',
  access: {
    title: 'The dashboard is for threat managers',
    text: 'It shows the work of those who run cases: open cases, reports to triage, what is due. Your role does not work on cases that way.',
  },
  openCases: {
    title: 'Open cases',
    link: 'All open cases',
    level_one: '{{level}}: {{count}} open case',
    level_other: '{{level}}: {{count}} open cases',
  },
  triage: {
    title: 'Reports awaiting triage',
    link: 'Go to the inbox',
    danger_one: '{{count}} indicates immediate danger',
    danger_other: '{{count}} indicate immediate danger',
    oldest: 'Oldest received {{date}}',
    none: 'Nothing waiting.',
  },
  assessments: {
    title: 'Assessments',
    drafts: 'Drafts',
    awaitingSignOff: 'Awaiting sign-off',
    reviewsDue: 'Re-assessments due',
    overdue: '{{count}} overdue',
    link: 'Go to the re-assessments due',
  },
  measures: {
    title: 'Overdue measures',
    empty: 'No measure is overdue.',
    more: 'and {{count}} more',
  },
  tasks: {
    title: 'Overdue tasks',
    empty: 'No task is overdue.',
    more: 'and {{count}} more',
  },
  lists: {
    case: 'Case',
    what: 'What',
    due: 'Due',
    who: 'Who',
    status: 'Status',
    since: 'Since',
    unassigned: 'Unassigned',
    task: 'Task',
    openCase: 'Open case {{reference}}',
    dueSince: 'due {{date}}',
  },
  pending: {
    title: 'Assessments waiting',
    empty: 'No assessment is waiting for a decision or sign-off, and no re-assessment is due.',
    draft: 'Draft',
    awaiting_sign_off: 'Awaiting sign-off',
    review: 'Re-assessment due',
    reviewOverdue: 'Re-assessment overdue',
  },
  activity: {
    title: 'Recent activity on my cases',
    intro: 'The latest entries in the journals of the cases you own or are on the team of.',
    empty: 'Nothing has happened on your cases yet.',
    when: 'When',
    kind: 'Entry',
    system: 'TMA',
    you: 'you',
  },
  charts: {
    title: 'Over time',
    tableCaption: 'The figures of the chart “{{title}}”',
    month: 'Month',
    casesByLevel: {
      title: 'Open cases by level',
      description:
        'Open cases at the end of each month (this month: today), at the level their latest assessment had then.',
      summary_one: 'Now {{count}} open case: {{levels}}.',
      summary_other: 'Now {{count}} open cases: {{levels}}.',
    },
    timeToTriage: {
      title: 'Time to triage',
      description:
        'Median days from receiving a report to opening a case from it or attaching it to one, by month of receipt. Reports closed without a case are not counted.',
      median: 'Median days',
      triaged: 'Reports triaged',
      none: 'no report triaged',
      summary_one: 'Last month with triaged reports: {{month}}, median {{days}} days over {{count}} report.',
      summary_other:
        'Last month with triaged reports: {{month}}, median {{days}} days over {{count}} reports.',
      summaryNone: 'No report has become a case in the last twelve months.',
    },
    measureOutcomes: {
      title: 'Measures by outcome',
      description:
        'Measures ended in the last twelve months: done, by how effective they were rated, or cancelled.',
      outcome: 'Outcome',
      count: 'Measures',
      summary_one: '{{count}} measure ended in the last twelve months.',
      summary_other: '{{count}} measures ended in the last twelve months.',
      outcomes: {
        effective: 'Effective',
        partly_effective: 'Partly effective',
        not_effective: 'Not effective',
        too_early: 'Too early to tell',
        cancelled: 'Cancelled',
      },
    },
  },
};
