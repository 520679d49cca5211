import { Box, Group, Paper, Stack, Table, Text, Title, useMantineTheme } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AssessmentSummary,
  type ExternalRecord,
  type Level,
  levelNumber,
  levels,
} from '../api/assessments.ts';
import { useLevelText } from '../cases/CaseBadges.tsx';
import { formatDate, formatShortDate, formatTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';
import { StatusBadge } from './bits.tsx';
import { ExternalBadge } from './ExternalResult.tsx';
import { levelOf, localised } from './model-text.ts';

// The case's levels over time, drawn as a small SVG (no chart library): final levels as filled dots joined
// by a line (the longitudinal variable that compares across every model and version), suggestions as
// outlined diamonds, results of external instruments as filled squares on the same line (they have no
// suggestion). The same data as a table, for screen readers and for reading exact values.

const WIDTH = 720;
const HEIGHT = 210;
const LEFT = 104;
const RIGHT = 24;
const TOP = 16;
const BOTTOM = 40;

// SVG attributes take plain colours, not CSS variables: the theme's, by name and shade.
const levelShade: Record<Level, [string, number]> = {
  L1: ['teal', 8],
  L2: ['yellow', 9],
  L3: ['orange', 8],
  L4: ['red', 9],
};

interface Point {
  id: string;
  at: number;
  day: string;
  suggested: Level | null;
  final: Level | null;
  external: boolean;
  summary: AssessmentSummary;
}

function pointsOf(assessments: readonly AssessmentSummary[]): Point[] {
  return assessments
    .filter((summary) => summary.suggestedLevel !== null || summary.finalLevel !== null)
    .map((summary) => {
      const when = summary.decidedAt ?? summary.startedAt;
      return {
        id: summary.id,
        at: new Date(when).getTime(),
        day: when,
        suggested: summary.suggestedLevel,
        final: summary.status === 'final' ? summary.finalLevel : null,
        external: summary.kind === 'external',
        summary,
      };
    })
    .sort((a, b) => a.at - b.at);
}

export function AssessmentTimeline({
  assessments,
  external,
}: {
  assessments: readonly AssessmentSummary[];
  /** What was recorded for external results, by id: their instrument names the table's row. */
  external?: ReadonlyMap<string, ExternalRecord>;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const titleId = useId();
  const descriptionId = useId();
  const language = currentLanguage();
  const levelText = useLevelText();
  const theme = useMantineTheme();
  const color = (name: string, shade: number) => theme.colors[name]?.[shade] ?? '#495057';
  const levelColor = (level: Level) => color(...levelShade[level]);
  const points = pointsOf(assessments);
  const dayFormat = { format: (at: number) => formatDate(new Date(at).toISOString(), language) };
  // Days on the axis; with the time of day when the assessments lie within two days of each other.
  const span = (points[points.length - 1]?.at ?? 0) - (points[0]?.at ?? 0);
  const close = points.length > 1 && span < 2 * 86_400_000;
  const shortFormat = {
    format: (at: number) =>
      close
        ? `${formatShortDate(new Date(at), language)}, ${formatTime(new Date(at), language)}`
        : formatShortDate(new Date(at), language),
  };

  const first = points[0]?.at ?? 0;
  const last = points[points.length - 1]?.at ?? 0;
  // The points keep clear of the level names and of the right edge.
  const inset = 28;
  const plotWidth = WIDTH - LEFT - RIGHT - 2 * inset;
  // Points evenly in time; a single point (or all at one moment) in the middle.
  const x = (at: number) =>
    last === first
      ? LEFT + inset + plotWidth / 2
      : LEFT + inset + ((at - first) / (last - first)) * plotWidth;
  const rowHeight = (HEIGHT - TOP - BOTTOM) / (levels.length - 1);
  const y = (level: Level) => TOP + (levels.length - levelNumber(level)) * rowHeight;
  const finals = points.filter((point) => point.final !== null);
  const anyExternal = points.some((point) => point.external);
  const externalName = (id: string) => {
    const record = external?.get(id);
    return record
      ? t('assessments.external.title', {
          instrument: record.instrumentName,
          version: record.instrumentVersion,
        })
      : t('assessments.list.external');
  };
  const kindOf = (point: Point) => {
    if (!point.external) return t('assessments.timeline.final');
    const record = external?.get(point.id);
    return record
      ? t('assessments.timeline.externalNamed', { instrument: record.instrumentName })
      : t('assessments.timeline.external');
  };
  // Dates under the axis, skipping those that would overlap the one before.
  let lastLabelled = -Infinity;
  const labelled = points.filter((point) => {
    if (x(point.at) - lastLabelled < (close ? 110 : 70)) return false;
    lastLabelled = x(point.at);
    return true;
  });

  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      data-testid="assessment-timeline"
    >
      <Stack gap="xs">
        <Title order={3} size="h4" id={headingId}>
          {t('assessments.timeline.heading')}
        </Title>
        {points.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('assessments.timeline.empty')}
          </Text>
        ) : (
          <>
            <Group gap="lg" aria-hidden="true">
              <Group gap={6}>
                <svg width="14" height="14" viewBox="0 0 14 14" role="presentation">
                  <circle cx="7" cy="7" r="5" fill={color('gray', 8)} />
                </svg>
                <Text size="sm">{t('assessments.timeline.final')}</Text>
              </Group>
              <Group gap={6}>
                <svg width="16" height="16" viewBox="0 0 16 16" role="presentation">
                  <path d="M8 1 L15 8 L8 15 L1 8 Z" fill="white" stroke={color('gray', 8)} strokeWidth="2" />
                </svg>
                <Text size="sm">{t('assessments.timeline.suggested')}</Text>
              </Group>
              {anyExternal && (
                <Group gap={6}>
                  <svg width="14" height="14" viewBox="0 0 14 14" role="presentation">
                    <rect x="2" y="2" width="10" height="10" fill={color('gray', 8)} />
                  </svg>
                  <Text size="sm">{t('assessments.timeline.external')}</Text>
                </Group>
              )}
            </Group>
            <Box style={{ width: '100%', overflowX: 'auto' }}>
              <svg
                viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
                width="100%"
                role="img"
                aria-labelledby={`${titleId} ${descriptionId}`}
                style={{ display: 'block', minWidth: 480, maxHeight: 260 }}
                data-testid="timeline-chart"
              >
                <title id={titleId}>{t('assessments.timeline.heading')}</title>
                <desc id={descriptionId}>
                  {t('assessments.timeline.description')}{' '}
                  {points
                    .map((point) =>
                      point.external
                        ? `${dayFormat.format(point.at)}: ${kindOf(point)} ${
                            point.final ? levelText(levelOf(point.final)) : t('assessments.timeline.none')
                          }`
                        : `${dayFormat.format(point.at)}: ${t('assessments.timeline.suggested')} ${
                            point.suggested
                              ? levelText(levelOf(point.suggested))
                              : t('assessments.timeline.none')
                          }, ${t('assessments.timeline.final')} ${
                            point.final ? levelText(levelOf(point.final)) : t('assessments.timeline.none')
                          }`,
                    )
                    .join('; ')}
                </desc>
                {levels.map((level) => (
                  <g key={level}>
                    <line
                      x1={LEFT}
                      x2={WIDTH - RIGHT}
                      y1={y(level)}
                      y2={y(level)}
                      stroke={color('gray', 4)}
                      strokeDasharray="4 4"
                    />
                    <text
                      x={LEFT - 10}
                      y={y(level)}
                      textAnchor="end"
                      dominantBaseline="middle"
                      fontSize="13"
                      fill={color('gray', 8)}
                    >
                      {levelText(levelOf(level))}
                    </text>
                  </g>
                ))}
                <line
                  x1={LEFT}
                  x2={WIDTH - RIGHT}
                  y1={HEIGHT - BOTTOM + 12}
                  y2={HEIGHT - BOTTOM + 12}
                  stroke={color('gray', 6)}
                />
                {labelled.map((point) => (
                  <text
                    key={point.id}
                    x={x(point.at)}
                    y={HEIGHT - 10}
                    textAnchor="middle"
                    fontSize="12"
                    fill={color('gray', 8)}
                  >
                    {shortFormat.format(point.at)}
                  </text>
                ))}
                {finals.length > 1 && (
                  <polyline
                    points={finals.map((point) => `${x(point.at)},${y(point.final as Level)}`).join(' ')}
                    fill="none"
                    stroke={color('gray', 7)}
                    strokeWidth="2"
                  />
                )}
                {points.map(
                  (point) =>
                    point.suggested && (
                      <path
                        key={`s-${point.id}`}
                        d={diamond(x(point.at), y(point.suggested), 9)}
                        fill="white"
                        stroke={levelColor(point.suggested)}
                        strokeWidth="2.5"
                        data-testid="timeline-suggested"
                      />
                    ),
                )}
                {finals.map((point) =>
                  point.external ? (
                    <rect
                      key={`f-${point.id}`}
                      x={x(point.at) - 6.5}
                      y={y(point.final as Level) - 6.5}
                      width="13"
                      height="13"
                      fill={levelColor(point.final as Level)}
                      stroke="white"
                      strokeWidth="1.5"
                      data-testid="timeline-external"
                    />
                  ) : (
                    <circle
                      key={`f-${point.id}`}
                      cx={x(point.at)}
                      cy={y(point.final as Level)}
                      r="5.5"
                      fill={levelColor(point.final as Level)}
                      data-testid="timeline-final"
                    />
                  ),
                )}
              </svg>
            </Box>
            <details>
              <summary>
                <Text span size="sm" c="blue.8">
                  {t('assessments.timeline.showTable')}
                </Text>
              </summary>
              <Table mt="xs" fz="sm" data-testid="timeline-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assessments.timeline.date')}</Table.Th>
                    <Table.Th>{t('assessments.timeline.model')}</Table.Th>
                    <Table.Th>{t('assessments.timeline.status')}</Table.Th>
                    <Table.Th>{t('assessments.timeline.suggested')}</Table.Th>
                    <Table.Th>{t('assessments.timeline.final')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {points.map((point) => (
                    <Table.Tr key={point.id}>
                      <Table.Td>{dayFormat.format(point.at)}</Table.Td>
                      <Table.Td>
                        {point.summary.model
                          ? `${localised(point.summary.model.title, language)} ${point.summary.model.version}`
                          : externalName(point.id)}
                      </Table.Td>
                      <Table.Td>
                        {point.external ? <ExternalBadge /> : <StatusBadge status={point.summary.status} />}
                      </Table.Td>
                      <Table.Td>
                        {point.suggested
                          ? levelText(levelOf(point.suggested))
                          : t('assessments.timeline.none')}
                      </Table.Td>
                      <Table.Td>
                        {point.final ? levelText(levelOf(point.final)) : t('assessments.timeline.none')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </details>
          </>
        )}
      </Stack>
    </Paper>
  );
}

const diamond = (cx: number, cy: number, r: number) =>
  `M${cx} ${cy - r} L${cx + r} ${cy} L${cx} ${cy + r} L${cx - r} ${cy} Z`;
