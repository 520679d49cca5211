import { ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';
import type { DocumentKind } from '../api/documents.ts';

// Line icons of the documents tab, drawn like the app's other icons (24-unit grid, round strokes). All are
// decorative: the text beside them says the same.

function Icon({ size = 22, children }: { size?: number; children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

const sheet = 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z';
const corner = 'M14 3v5h5';

const glyphs: Record<DocumentKind, ReactNode> = {
  pdf: (
    <>
      <path d={sheet} />
      <path d={corner} />
      <path d="M8.5 17.5v-4h1.3a1.3 1.3 0 0 1 0 2.6H8.5M13 13.5v4h.8a2 2 0 0 0 0-4zM17 13.5h-1.5v4M15.5 15.5h1.2" />
    </>
  ),
  image: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <circle cx="15.5" cy="9.5" r="1.5" />
      <path d="M3.5 16l5-5 5.5 5.5M13 15l2-2 5.5 5.5" />
    </>
  ),
  office: (
    <>
      <path d={sheet} />
      <path d={corner} />
      <path d="M8.5 12.5h7M8.5 15.5h7M8.5 18h4" />
    </>
  ),
  email: (
    <>
      <rect x="3" y="5.5" width="18" height="13" rx="2" />
      <path d="M3.5 7l8.5 6 8.5-6" />
    </>
  ),
  text: (
    <>
      <path d={sheet} />
      <path d={corner} />
      <path d="M9 13h6M9 16.5h4" />
    </>
  ),
};

const kindColor: Record<DocumentKind, string> = {
  pdf: 'red',
  image: 'teal',
  office: 'blue',
  email: 'grape',
  text: 'gray',
};

/** The kind of a document as a coloured icon. */
export function DocumentKindIcon({ kind }: { kind: DocumentKind }) {
  return (
    <ThemeIcon variant="light" color={kindColor[kind]} size={44} radius="md" aria-hidden="true">
      <Icon size={26}>{glyphs[kind]}</Icon>
    </ThemeIcon>
  );
}

/** A sheet of paper, for the empty list. */
export function DocumentsIcon() {
  return (
    <Icon size={30}>
      <path d={sheet} />
      <path d={corner} />
      <path d="M9 13h6M9 16.5h4" />
    </Icon>
  );
}

/** A shield with a check: the file was cleaned. */
export function CleanedIcon() {
  return (
    <Icon size={16}>
      <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />
      <path d="M9 12l2 2 4-4" />
    </Icon>
  );
}

/** An arrow into a tray: upload. */
export function UploadIcon({ size = 18 }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M12 15V4M7.5 8.5L12 4l4.5 4.5" />
      <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
    </Icon>
  );
}

/** An arrow out of a tray: download. */
export function DownloadIcon() {
  return (
    <Icon size={16}>
      <path d="M12 4v11M7.5 10.5L12 15l4.5-4.5" />
      <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
    </Icon>
  );
}

/** An eye: preview. */
export function PreviewIcon() {
  return (
    <Icon size={16}>
      <path d="M2.5 12s3.5-6.5 9.5-6.5 9.5 6.5 9.5 6.5-3.5 6.5-9.5 6.5S2.5 12 2.5 12z" />
      <circle cx="12" cy="12" r="2.8" />
    </Icon>
  );
}

/** A chevron pointing right, turned down when `open`. */
export function ChevronIcon({ open }: { open: boolean }) {
  return (
    <Icon size={16}>
      <path d={open ? 'M6 9l6 6 6-6' : 'M9 6l6 6-6 6'} />
    </Icon>
  );
}
