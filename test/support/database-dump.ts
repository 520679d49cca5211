// Reading a whole test database back the way someone holding a copy of it would: every row of every table
// in every non-system schema, column by column (bytea as PostgreSQL prints it, `\x` and hex), the real
// `pg_dump` of a PostgreSQL database, and the embedded database's raw data folder (heap files and WAL).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Database } from '../../server/db/database.ts';

/** One value of one row, named by `schema.table.column` (the schema left out when it is `public`). */
export interface DumpedCell {
  column: string;
  text: string;
}

export interface DumpedTable {
  /** `table`, or `schema.table` outside `public`. */
  table: string;
  /** Primary key columns; empty when the table has none. */
  key: string[];
  /** Column name → PostgreSQL type (`information_schema.columns.data_type`). */
  types: Record<string, string>;
  /** Each row as `to_jsonb(row)`: timestamps in ISO 8601, bytea as `\x…` hex. */
  rows: Array<Record<string, unknown>>;
}

const tableName = (schema: string, table: string) => (schema === 'public' ? table : `${schema}.${table}`);

/**
 * Every row of every ordinary table outside PostgreSQL's own schemas, read as the connection's role
 * (in tests the owner and a superuser, so row-level security hides nothing).
 */
export async function dumpDatabase(database: Database): Promise<DumpedTable[]> {
  const tables = await sql<{ schema: string; table: string }>`
    SELECT n.nspname AS schema, c.relname AS table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r'
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
     ORDER BY 1, 2`.execute(database.db);
  const keys = await sql<{ schema: string; table: string; columns: string }>`
    SELECT n.nspname AS schema, c.relname AS table, string_agg(a.attname, ',' ORDER BY a.attnum) AS columns
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
     WHERE i.indisprimary
     GROUP BY 1, 2`.execute(database.db);
  const columns = await sql<{ schema: string; table: string; column: string; type: string }>`
    SELECT table_schema AS schema, table_name AS table, column_name AS column, data_type AS type
      FROM information_schema.columns
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`.execute(database.db);
  const dumped: DumpedTable[] = [];
  for (const { schema, table } of tables.rows) {
    const name = tableName(schema, table);
    const result = await sql<{ row: string }>`
      SELECT to_jsonb(t)::text AS row FROM ${sql.id(schema, table)} t`.execute(database.db);
    dumped.push({
      table: name,
      key: keys.rows.find((k) => k.schema === schema && k.table === table)?.columns.split(',') ?? [],
      types: Object.fromEntries(
        columns.rows.filter((c) => c.schema === schema && c.table === table).map((c) => [c.column, c.type]),
      ),
      rows: result.rows.map((r) => JSON.parse(r.row) as Record<string, unknown>),
    });
  }
  return dumped;
}

/** A dumped value as text: strings as they are, everything else as JSON. */
export const cellText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** Every non-null value of a dump, named `table.column`. */
export function dumpCells(tables: DumpedTable[]): DumpedCell[] {
  const cells: DumpedCell[] = [];
  for (const table of tables)
    for (const row of table.rows)
      for (const [column, value] of Object.entries(row))
        if (value !== null) cells.push({ column: `${table.table}.${column}`, text: cellText(value) });
  return cells;
}

/** The text of `pg_dump --data-only` of a PostgreSQL database (the client tools must be installed). */
export async function pgDumpDataOnly(url: string): Promise<string> {
  const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', '--no-owner', `--dbname=${url}`], {
    maxBuffer: 512 * 1024 * 1024,
    encoding: 'utf8',
  });
  return stdout;
}

/**
 * The values of a `pg_dump` in COPY format, each named `table.column` from its COPY header; any line
 * outside a COPY block (settings, sequence values) is named `(pg_dump)`.
 */
export function pgDumpCells(dump: string): DumpedCell[] {
  const cells: DumpedCell[] = [];
  let columns: string[] | null = null;
  let table = '';
  for (const line of dump.split('\n')) {
    if (columns) {
      if (line === '\\.') {
        columns = null;
        continue;
      }
      line.split('\t').forEach((text, index) => {
        if (text !== '\\N') cells.push({ column: `${table}.${columns?.[index] ?? `#${index}`}`, text });
      });
      continue;
    }
    const copy = /^COPY ([^ ]+) \((.*)\) FROM stdin;$/.exec(line);
    if (copy) {
      const [schema, name] = (copy[1] as string).split('.').map(unquote) as [string, string];
      table = tableName(schema, name);
      columns = (copy[2] as string).split(', ').map(unquote);
    } else if (line.trim() && !line.startsWith('--')) cells.push({ column: '(pg_dump)', text: line });
  }
  return cells;
}

const unquote = (identifier: string) =>
  identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier;

/**
 * The raw files of the embedded database (every heap page and the write-ahead log), after a checkpoint,
 * as one uncompressed tar: what a copy of the data folder holds, old row versions included.
 */
export async function embeddedDataFolder(database: Database): Promise<Buffer> {
  if (database.driver.engine !== 'embedded')
    throw new Error('only the embedded database has a data folder here');
  await database.driver.pglite.query('CHECKPOINT');
  const tar = await database.driver.pglite.dumpDataDir('none');
  return Buffer.from(await tar.arrayBuffer());
}

/** A value a change wrote: in a new row every column, in a changed row the columns whose value changed. */
export interface WrittenValue {
  column: string;
  type: string;
  value: unknown;
  /** The row's key (or its whole text, for a table without a primary key). */
  row: string;
}

/** What changed between two dumps of the same database: new rows and changed values (deletions aside). */
export function writtenBetween(before: DumpedTable[], after: DumpedTable[]): WrittenValue[] {
  const written: WrittenValue[] = [];
  for (const table of after) {
    const identify = (row: Record<string, unknown>) =>
      table.key.length > 0 ? JSON.stringify(table.key.map((column) => row[column])) : JSON.stringify(row);
    const earlier = new Map(
      (before.find((t) => t.table === table.table)?.rows ?? []).map((row) => [identify(row), row]),
    );
    for (const row of table.rows) {
      const old = earlier.get(identify(row));
      for (const [column, value] of Object.entries(row))
        if (!old || JSON.stringify(old[column]) !== JSON.stringify(value))
          written.push({
            column: `${table.table}.${column}`,
            type: table.types[column] ?? 'unknown',
            value,
            row: identify(row),
          });
    }
  }
  return written;
}

const DAY_MS = 86_400_000;
const isoDateTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const timeBasedUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[167][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Why a written value tells a time finer than the day, or null: a timestamp that is not midnight UTC, a
 * time of day or interval, an ISO date-time inside text or JSON that is not midnight UTC, a time-based
 * UUID (versions 1, 6, 7), or a number within three days of `now` read as Unix seconds or milliseconds
 * that is not a whole day.
 */
export function finerThanDay(written: WrittenValue, now: Date): string | null {
  if (written.value === null) return null;
  if (/^(time(?!stamp)|interval)/.test(written.type)) return `a ${written.type} (${cellText(written.value)})`;
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = isoDateTime.exec(value);
      if (match) {
        const offset = match[6] ?? 'Z';
        const ms = Date.parse(
          `${match[1]}T${match[2]}:${match[3]}:${match[4]}${offset === 'Z' ? 'Z' : offset}`,
        );
        const fraction = Number(match[5] ?? '0');
        if (Number.isNaN(ms) || ms % DAY_MS !== 0 || fraction !== 0) found.push(`the time ${value}`);
      } else if (timeBasedUuid.test(value)) found.push(`the time-based UUID ${value}`);
    } else if (typeof value === 'number') {
      for (const [unit, scale] of [
        ['s', 1000],
        ['ms', 1],
      ] as const)
        if (Math.abs(value * scale - now.getTime()) < 3 * DAY_MS && (value * scale) % DAY_MS !== 0)
          found.push(`${value} (Unix ${unit} near now)`);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(written.value);
  return found.length > 0 ? found.join(', ') : null;
}
