import { Anchor, Text, Typography, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import Markdown, { type Components, defaultUrlTransform } from 'react-markdown';
import { Link } from 'react-router';
import remarkGfm from 'remark-gfm';

// Handbook pages as Markdown, rendered safely: react-markdown builds React elements from the Markdown's
// syntax tree, so nothing is ever handed to the browser as HTML. Raw HTML in a page (`<script>`, `<img
// onerror>`) is never rendered: there is no rehype-raw, so react-markdown shows it as plain text.
// Links pass react-markdown's default URL check (only http, https, mailto, irc, xmpp and relative addresses;
// `javascript:` and the like become empty and are shown as plain text here). Links to other pages of TMA
// (`/handbook/...`) navigate inside the app; links to other sites open in a new tab without handing this
// page to them (rel="noopener noreferrer"). Images are not loaded (the CSP would refuse other sites anyway,
// and a picture from elsewhere could tell that site who reads the page): they show as their description.

type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** Whether `href` is an address inside TMA: a path on this origin, not `//other.site`. */
const isInternal = (href: string) => href.startsWith('/') && !href.startsWith('//');

function SafeLink({ href, children }: { href: string | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  if (!href) {
    // A link whose address the URL check took away: its text stays, as text.
    return <Text span>{children}</Text>;
  }
  if (isInternal(href)) {
    return (
      <Anchor component={Link} to={href}>
        {children}
      </Anchor>
    );
  }
  if (href.startsWith('#')) return <Anchor href={href}>{children}</Anchor>;
  const newTab = /^https?:/i.test(href);
  return (
    <Anchor href={href} {...(newTab ? { target: '_blank' } : {})} rel="noopener noreferrer">
      {children}
      {newTab && <VisuallyHidden> {t('handbook.markdown.externalLink')}</VisuallyHidden>}
    </Anchor>
  );
}

/** Headings of a page sit below the page's own headings: `#` becomes `headingOffset + 1`, at most h6. */
function components(headingOffset: number, t: TFunction): Components {
  const heading = (level: HeadingLevel) => {
    const Tag = `h${Math.min(6, level + headingOffset)}` as 'h2';
    return ({ children }: { children?: ReactNode }) => <Tag>{children}</Tag>;
  };
  return {
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
    a: ({ href, children }) => <SafeLink href={href}>{children}</SafeLink>,
    // A wide table scrolls by itself instead of widening the column.
    table: ({ children }) => (
      <div style={{ overflowX: 'auto', marginBottom: 'var(--mantine-spacing-md)' }}>
        <table>{children}</table>
      </div>
    ),
    img: ({ alt }) => (
      <Text span c="dimmed" fs="italic">
        [{t('handbook.markdown.image', { alt: alt ?? '' })}]
      </Text>
    ),
  };
}

/** A page's Markdown, safely rendered; `lang` marks the language of the text for screen readers. */
export function HandbookMarkdown({
  children,
  lang,
  headingOffset = 2,
}: {
  children: string;
  lang?: string;
  headingOffset?: number;
}) {
  const { t } = useTranslation();
  return (
    <Typography lang={lang} style={{ overflowWrap: 'break-word' }}>
      <Markdown
        remarkPlugins={[remarkGfm]}
        components={components(headingOffset, t)}
        urlTransform={defaultUrlTransform}
      >
        {children}
      </Markdown>
    </Typography>
  );
}
