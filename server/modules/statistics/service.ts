import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { tenantCategories } from '../cases/categories.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { tenantMeasureTypes } from '../measures/type-service.ts';
import { statisticsCsv } from './csv.ts';
import { type StatisticsLanguage, statisticsLabels } from './labels.ts';
import { authorizeStatistics, type StatisticsAction } from './policy.ts';
import { publishQuarter } from './publish.ts';
import { parseQuarter, type Quarter } from './quarters.ts';
import { renderStatisticsPdf } from './render-pdf.ts';
import type { QuarterStatistics, StatisticsQuery } from './schemas.ts';
import { aggregateQuarterWithoutUserScope } from './store.ts';

// The management statistics of a quarter (docs/statistics.md): counted over the whole organisation,
// suppressed (suppression.ts), and handed out as JSON, CSV or PDF to those the policy lets read them. Every
// reading and every export is audited with ids and codes only: the quarter, the format, a PDF's hash.

export interface StatisticsDependencies {
  database: Database;
  now?: () => Date;
}

export interface StatisticsFile {
  fileName: string;
  bytes: Buffer;
}

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

export class StatisticsService {
  readonly #deps: StatisticsDependencies;
  readonly #now: () => Date;

  constructor(deps: StatisticsDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** The quarter as published, for an actor allowed `action`; `audit` records the reading in the same transaction. */
  async #published(
    auth: AuthContext,
    query: StatisticsQuery,
    action: StatisticsAction,
    audit: (trx: TenantTransaction, statistics: QuarterStatistics) => Promise<void>,
  ): Promise<QuarterStatistics> {
    const now = this.#now();
    const quarter = parseQuarter(query.quarter, now);
    const language = query.language ?? 'en';
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      authorizeStatistics(await accessActor(trx, auth), action, { tenantId: auth.tenantId });
      const statistics = await publishedQuarter(trx, quarter, language, now);
      await audit(trx, statistics);
      return statistics;
    });
  }

  #record(trx: TenantTransaction, auth: AuthContext, requestId: string, action: string, reason: string) {
    return recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action,
      objectType: 'tenant',
      objectId: auth.tenantId,
      requestId,
      outcome: 'success',
      reason,
    });
  }

  /** The quarter's figures; audited as `statistics.read` with the quarter. */
  read(auth: AuthContext, query: StatisticsQuery, requestId: string): Promise<QuarterStatistics> {
    return this.#published(auth, query, 'read', async (trx, statistics) => {
      await this.#record(
        trx,
        auth,
        requestId,
        'statistics.read',
        `quarter:${statistics.quarter.toLowerCase()}`,
      );
    });
  }

  /** The quarter as CSV; audited as `statistics.export` (`csv:<quarter>`). */
  async csv(auth: AuthContext, query: StatisticsQuery, requestId: string): Promise<StatisticsFile> {
    const statistics = await this.#published(auth, query, 'export', async (trx, published) => {
      await this.#record(trx, auth, requestId, 'statistics.export', `csv:${published.quarter.toLowerCase()}`);
    });
    // A byte-order mark, so that spreadsheets open the umlauts as UTF-8.
    return {
      fileName: `${fileStem(statistics)}.csv`,
      bytes: Buffer.from(`\uFEFF${statisticsCsv(statistics)}`, 'utf8'),
    };
  }

  /**
   * The quarter as PDF; audited as `statistics.export` with the file's SHA-256 (`pdf:<quarter>:sha256=…`),
   * so that the audit log vouches for the file. Laid out after the reading's transaction.
   */
  async pdf(auth: AuthContext, query: StatisticsQuery, requestId: string): Promise<StatisticsFile> {
    const statistics = await this.#published(auth, query, 'export', async () => {});
    const bytes = await renderStatisticsPdf(statistics);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await withTenant(this.#deps.database, scopeOf(auth), (trx) =>
      this.#record(
        trx,
        auth,
        requestId,
        'statistics.export',
        `pdf:${statistics.quarter.toLowerCase()}:sha256=${sha256}`,
      ),
    );
    return { fileName: `${fileStem(statistics)}.pdf`, bytes };
  }
}

function fileStem(statistics: QuarterStatistics): string {
  return `${statistics.language === 'de' ? 'TMA-Statistik' : 'TMA-statistics'}-${statistics.quarter}`;
}

/**
 * Counts the quarter (the user's scope lifted for the counting alone: store.ts says why) and publishes it
 * with the organisation's names of categories and measure types in the language.
 */
export async function publishedQuarter(
  trx: TenantTransaction,
  quarter: Quarter,
  language: StatisticsLanguage,
  now: Date,
): Promise<QuarterStatistics> {
  const labels = statisticsLabels(language);
  const counts = await aggregateQuarterWithoutUserScope(trx, quarter);
  const categories = (await tenantCategories(trx)).map((category) => ({
    key: category.key,
    label: category.names?.[language] ?? labels.categories[category.key] ?? category.key,
  }));
  const measureTypes = (await tenantMeasureTypes(trx)).map((type) => ({
    key: type.key,
    label: type.names[language],
  }));
  return publishQuarter(counts, { quarter, language, generatedAt: now, categories, measureTypes });
}
