// Line icons for the navigation, drawn on a 24 × 24 grid with a 1.75 stroke in the style of Tabler Icons
// (no icon package is a dependency). Decorative: the label beside each says what it is.

const paths = {
  home: [
    'M5 12H3l9-9 9 9h-2',
    'M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-7',
    'M9 21v-6a2 2 0 0 1 2-2h2a2 2 0 0 1 2 2v6',
  ],
  dashboard: ['M4 4h6v8H4z', 'M4 16h6v4H4z', 'M14 12h6v8h-6z', 'M14 4h6v4h-6z'],
  inbox: ['M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z', 'M4 13h3l3 3h4l3-3h3'],
  cases: ['M5 4h4l3 3h7a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2'],
  due: [
    'M10.5 21H6a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v3',
    'M16 3v4',
    'M8 3v4',
    'M4 11h10',
    'M18 18m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0',
    'M18 16.5V18l.5.5',
  ],
  models: [
    'M7 20h10',
    'M6 6l6-1 6 1',
    'M12 3v17',
    'M9 12L6 6l-3 6a3 3 0 0 0 6 0',
    'M21 12l-3-6-3 6a3 3 0 0 0 6 0',
  ],
  handbook: [
    'M3 19a9 9 0 0 1 9 0a9 9 0 0 1 9 0',
    'M3 6a9 9 0 0 1 9 0a9 9 0 0 1 9 0',
    'M3 6v13',
    'M12 6v13',
    'M21 6v13',
  ],
  statistics: [
    'M3 13a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z',
    'M15 9a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-4a1 1 0 0 1-1-1z',
    'M9 5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1h-4a1 1 0 0 1-1-1z',
    'M4 20h14',
  ],
  verify: [
    'M14 3v4a1 1 0 0 0 1 1h4',
    'M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2z',
    'M9 15l2 2 4-4',
  ],
  // A list under a magnifier: the audit log.
  audit: [
    'M9 6h11',
    'M9 12h4',
    'M9 18h3',
    'M5 6v.01',
    'M5 12v.01',
    'M5 18v.01',
    'M17 17m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0',
    'M19.2 19.2L21 21',
  ],
  // A page with a seal: the deletion certificates.
  certificates: [
    'M14 3v4a1 1 0 0 0 1 1h4',
    'M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2z',
    'M12 15m-2.5 0a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0',
    'M9 10h6',
  ],
  users: [
    'M9 7m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0',
    'M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2',
    'M16 3.13a4 4 0 0 1 0 7.75',
    'M21 21v-2a4 4 0 0 0-3-3.85',
  ],
  units: [
    'M9 3h6v4H9z',
    'M3 17h6v4H3z',
    'M15 17h6v4h-6z',
    'M6 17v-3a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v3',
    'M12 7v6',
  ],
  portal: [
    'M3 12a9 9 0 1 0 18 0a9 9 0 0 0-18 0',
    'M3.6 9h16.8',
    'M3.6 15h16.8',
    'M11.5 3a17 17 0 0 0 0 18',
    'M12.5 3a17 17 0 0 1 0 18',
  ],
  categories: [
    'M7.5 7.5m-1 0a1 1 0 1 0 2 0a1 1 0 1 0-2 0',
    'M3 6v5.17a2 2 0 0 0 .59 1.42l7.71 7.71a2.41 2.41 0 0 0 3.41 0l5.59-5.59a2.41 2.41 0 0 0 0-3.41l-7.71-7.71A2 2 0 0 0 11.17 3H6a3 3 0 0 0-3 3z',
  ],
  templates: ['M4 4h16v4H4z', 'M4 12h6v8H4z', 'M14 12h6', 'M14 16h6', 'M14 20h6'],
  measures: ['M12 3a12 12 0 0 0 8.5 3A12 12 0 0 1 12 21 12 12 0 0 1 3.5 6 12 12 0 0 0 12 3', 'M9 12l2 2 4-4'],
  documents: [
    'M14 3v4a1 1 0 0 0 1 1h4',
    'M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2z',
    'M9 13h6',
    'M9 17h6',
  ],
  assessments: [
    'M4 6h8',
    'M16 6h4',
    'M4 12h2',
    'M10 12h10',
    'M4 18h11',
    'M19 18h1',
    'M14 4v4',
    'M8 10v4',
    'M17 16v4',
  ],
  tokens: [
    'M16.56 3.44l4 4a1.5 1.5 0 0 1 0 2.12l-2.95 2.95a1.5 1.5 0 0 1-2.12 0l-.3-.3l-6.38 6.38a2 2 0 0 1-.89.5l-1.53.4a1 1 0 0 1-1.22-1.22l.4-1.53a2 2 0 0 1 .5-.89l6.38-6.38-.3-.3a1.5 1.5 0 0 1 0-2.12l2.95-2.95a1.5 1.5 0 0 1 2.12 0z',
    'M15 9h.01',
  ],
  // A person's outline with a shield: data about people, and their rights.
  dataSubjects: [
    'M8 7a4 4 0 1 0 8 0a4 4 0 0 0-8 0',
    'M6 21v-2a4 4 0 0 1 4-4h2',
    'M18 13l3 1.5v2.5c0 2-1.3 3.4-3 4c-1.7-.6-3-2-3-4v-2.5z',
  ],
  security: [
    'M5 13a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2z',
    'M11 16a1 1 0 1 0 2 0a1 1 0 0 0-2 0',
    'M8 11V7a4 4 0 1 1 8 0v4',
  ],
  accessReview: ['M8 7a4 4 0 1 0 8 0a4 4 0 0 0-8 0', 'M6 21v-2a4 4 0 0 1 4-4h4', 'M15 19l2 2l4-4'],
  status: ['M3 12h4l3 8 4-16 3 8h4'],
  // An hourglass: how long closed cases are kept.
  retention: [
    'M6.5 7h11',
    'M6.5 17h11',
    'M6 20v-2a6 6 0 1 1 12 0v2a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1z',
    'M6 4v2a6 6 0 1 0 12 0V4a1 1 0 0 0-1-1H7a1 1 0 0 0-1 1z',
  ],
  settings: [
    'M10.33 4.32c.43-1.76 2.93-1.76 3.35 0a1.72 1.72 0 0 0 2.57 1.07c1.54-.94 3.31.83 2.37 2.37a1.72 1.72 0 0 0 1.07 2.57c1.76.43 1.76 2.93 0 3.35a1.72 1.72 0 0 0-1.07 2.57c.94 1.54-.83 3.31-2.37 2.37a1.72 1.72 0 0 0-2.57 1.07c-.43 1.76-2.93 1.76-3.35 0a1.72 1.72 0 0 0-2.57-1.07c-1.54.94-3.31-.83-2.37-2.37a1.72 1.72 0 0 0-1.07-2.57c-1.76-.43-1.76-2.93 0-3.35a1.72 1.72 0 0 0 1.07-2.57c-.94-1.54.83-3.31 2.37-2.37 1 .61 2.3.07 2.57-1.07z',
    'M9 12a3 3 0 1 0 6 0a3 3 0 0 0-6 0',
  ],
  chevron: ['M9 6l6 6-6 6'],
} as const;

export type NavIconName = keyof typeof paths;

/** One of the navigation's icons at `size` pixels, in the text colour, hidden from assistive technology. */
export function NavIcon({ name, size = 18 }: { name: NavIconName; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      style={{ flex: 'none', display: 'block' }}
    >
      {paths[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
