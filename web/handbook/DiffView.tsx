import { Alert, Badge, Box, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HandbookDiff, HandbookLanguageDiff } from '../api/handbook.ts';
import type { Language } from '../i18n/language.ts';
import { useLanguageOrder } from './common.tsx';

// Two versions of a page compared, as the server computed it: per language, the title word by word (inline)
// and the Markdown text line by line, additions green with +, removals red with −, as <ins> and <del> so
// screen readers say which is which. Long runs of unchanged lines fold to their first and last lines.

type Part = HandbookLanguageDiff['body'][number];

/** Unchanged lines kept around a change; the rest of a longer unchanged run is folded. */
const CONTEXT = 3;

const colours = {
  added: { bg: 'var(--mantine-color-green-1)', sign: '+' },
  removed: { bg: 'var(--mantine-color-red-1)', sign: '−' },
  same: { bg: 'transparent', sign: ' ' },
} as const;

const linesOf = (text: string) => {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

type Row = { kind: Part['kind']; text: string } | { kind: 'fold'; count: number };

/** The body's parts as lines, unchanged runs longer than twice the context folded in the middle. */
function rowsOf(parts: Part[]): Row[] {
  const rows: Row[] = [];
  parts.forEach((part, index) => {
    const lines = linesOf(part.text);
    if (part.kind !== 'same') {
      for (const line of lines) rows.push({ kind: part.kind, text: line });
      return;
    }
    const keepHead = index === 0 ? 0 : CONTEXT;
    const keepTail = index === parts.length - 1 ? 0 : CONTEXT;
    if (lines.length <= keepHead + keepTail + 1) {
      for (const line of lines) rows.push({ kind: 'same', text: line });
      return;
    }
    for (const line of lines.slice(0, keepHead)) rows.push({ kind: 'same', text: line });
    rows.push({ kind: 'fold', count: lines.length - keepHead - keepTail });
    for (const line of lines.slice(lines.length - keepTail)) rows.push({ kind: 'same', text: line });
  });
  return rows;
}

function BodyDiff({ parts, lang }: { parts: Part[]; lang: Language }) {
  const { t } = useTranslation();
  return (
    <Box
      component="pre"
      lang={lang}
      m={0}
      p="xs"
      style={{
        fontFamily: 'var(--mantine-font-family-monospace)',
        fontSize: 13,
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 4,
      }}
    >
      {rowsOf(parts).map((row, index) => {
        const key = `${index}`;
        if (row.kind === 'fold')
          return (
            <Text key={key} component="span" display="block" c="dimmed" fs="italic" size="xs" py={2}>
              {t('handbook.diff.unchangedLines', { count: row.count })}
            </Text>
          );
        const Tag = row.kind === 'added' ? 'ins' : row.kind === 'removed' ? 'del' : 'span';
        return (
          <Box
            key={key}
            component={Tag}
            display="block"
            data-diff={row.kind}
            style={{ background: colours[row.kind].bg, textDecoration: 'none' }}
          >
            <span aria-hidden="true">{colours[row.kind].sign} </span>
            {row.text || ' '}
          </Box>
        );
      })}
    </Box>
  );
}

function TitleDiff({ parts, lang }: { parts: Part[]; lang: Language }) {
  return (
    <Text lang={lang} fw={600}>
      {parts.map((part, index) => {
        const key = `${index}`;
        if (part.kind === 'same') return <span key={key}>{part.text}</span>;
        const Tag = part.kind === 'added' ? 'ins' : 'del';
        return (
          <Box
            key={key}
            component={Tag}
            data-diff={part.kind}
            style={{
              background: colours[part.kind].bg,
              textDecoration: part.kind === 'removed' ? 'line-through' : 'none',
            }}
          >
            {part.text}
          </Box>
        );
      })}
    </Text>
  );
}

function LanguageDiff({ language, diff }: { language: Language; diff: HandbookLanguageDiff }) {
  const { t } = useTranslation();
  const name = t(`handbook.languageNames.${language}`);
  const changed =
    diff.title.some((part) => part.kind !== 'same') || diff.body.some((part) => part.kind !== 'same');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={name} style={{ minWidth: 0 }}>
      <Stack gap="sm">
        <Badge variant="light" color={language === 'de' ? 'grape' : 'blue'}>
          {name}
        </Badge>
        {!diff.inFrom && !diff.inTo ? (
          <Text c="dimmed" fs="italic">
            {t('handbook.diff.languageAbsent', { language: name })}
          </Text>
        ) : (
          <>
            {!diff.inFrom && <Text size="sm">{t('handbook.diff.languageAdded', { language: name })}</Text>}
            {!diff.inTo && <Text size="sm">{t('handbook.diff.languageRemoved', { language: name })}</Text>}
            {!changed && (
              <Text c="dimmed" size="sm">
                {t('handbook.diff.noChanges')}
              </Text>
            )}
            {!diff.compared && (
              <Alert color="gray" variant="light">
                {t('handbook.diff.notCompared')}
              </Alert>
            )}
            <Title order={4} size="h6">
              {t('handbook.diff.titleHeading')}
            </Title>
            <TitleDiff parts={diff.title} lang={language} />
            <Title order={4} size="h6">
              {t('handbook.diff.bodyHeading')}
            </Title>
            <BodyDiff parts={diff.body} lang={language} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** Both languages' changes between two versions, side by side on wide screens. */
export function DiffView({ diff }: { diff: HandbookDiff }) {
  const { t } = useTranslation();
  const order = useLanguageOrder();
  return (
    <Stack gap="sm">
      <Title order={3}>{t('handbook.diff.title', { from: diff.from.version, to: diff.to.version })}</Title>
      <Text size="sm" c="dimmed">
        <Box component="ins" style={{ background: colours.added.bg, textDecoration: 'none' }} px={4}>
          + {t('handbook.diff.added')}
        </Box>{' '}
        <Box component="del" style={{ background: colours.removed.bg }} px={4}>
          − {t('handbook.diff.removed')}
        </Box>
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {order.map((language) => (
          <LanguageDiff key={language} language={language} diff={diff[language]} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
