import { useQuery } from '@tanstack/react-query';
import type { Language } from '../i18n/language.ts';
import { apiGet } from './client.ts';
import type { components } from './schema.d.ts';

// The management statistics (server/modules/statistics): anonymised figures per quarter, counts under 5
// published as "< 5" and counts withheld to protect them as "x"; CSV and PDF downloads of the same.

type Schemas = components['schemas'];

export type QuarterStatistics = Schemas['QuarterStatistics'];
export type StatisticsTable = Schemas['StatisticsTable'];
export type PublishedCount = Schemas['PublishedCount'];

const query = (quarter: string, language: Language) => new URLSearchParams({ quarter, language });

/** The quarter's figures, labelled in `language`. */
export function useStatistics(quarter: string, language: Language) {
  return useQuery({
    queryKey: ['statistics', quarter, language],
    queryFn: ({ signal }) =>
      apiGet<QuarterStatistics>(`/api/v1/statistics?${query(quarter, language)}`, { signal }),
  });
}

/** Where the quarter's CSV or PDF is downloaded (a plain link: the browser saves the attachment). */
export function statisticsFileUrl(format: 'csv' | 'pdf', quarter: string, language: Language): string {
  return `/api/v1/statistics.${format}?${query(quarter, language)}`;
}

export interface QuarterChoice {
  /** `2026-Q3`. */
  key: string;
  firstDay: string;
  lastDay: string;
  running: boolean;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The running quarter and the `count - 1` before it, newest first (UTC calendar, as the server counts). */
export function recentQuarters(now: Date, count = 8): QuarterChoice[] {
  const current = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  return Array.from({ length: count }, (_, index) => {
    const quarter = current - index;
    const year = Math.floor(quarter / 4);
    const number = (quarter % 4) + 1;
    const start = new Date(Date.UTC(year, (number - 1) * 3, 1));
    const end = new Date(Date.UTC(year, number * 3, 1));
    return {
      key: `${year}-Q${number}`,
      firstDay: day(start),
      lastDay: day(new Date(end.getTime() - 86_400_000)),
      running: index === 0,
    };
  });
}
