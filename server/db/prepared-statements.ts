import { createHash } from 'node:crypto';
import pg from 'pg';

// Named prepared statements for the PostgreSQL pool (issue 18). node-postgres sends a query with
// parameters as an unnamed statement, which PostgreSQL parses and plans again every time; with row-level
// security every plan also expands the tables' policies and the unit scope's functions, so planning was
// the largest share of a case read on the database side (3 ms for the hand-overs alone). A named statement
// is parsed once per connection, and PostgreSQL keeps its plan (a generic one after five runs, when it
// costs no more than the custom ones). Plans stay correct under row-level security: the tenant and the user
// are read from settings when the plan runs, and PostgreSQL plans again when the role changes.
//
// Not named:
// - statements without parameters (BEGIN and the opening of a tenant transaction, DDL, COPY);
// - statements that select `*`: PostgreSQL refuses to run a prepared statement whose result columns have
//   changed ("cached plan must not change result type"), which is what an expand migration adding a column
//   does to a `SELECT *` on an instance of the previous release during a rolling deploy. A statement that
//   lists its columns keeps working when a column is added;
// - anything beyond MAX_NAMED_PER_CONNECTION different texts on one connection (the plans live in the
//   server's memory for the connection's life; statements built with a varying number of parameters could
//   otherwise grow it without bound).

/** How many different statements one connection keeps prepared; later ones run unnamed. */
export const MAX_NAMED_PER_CONNECTION = 500;

const STAR_PROJECTION = /\.\*|\bselect\s+\*|,\s*\*|\breturning\s+\*/i;

/** Whether the statement may run as a named prepared statement (see above). */
export function preparable(text: string, parameterCount: number): boolean {
  return parameterCount > 0 && !STAR_PROJECTION.test(text);
}

/** The statement's name: the same text has the same name on every connection and instance. */
export function statementName(text: string): string {
  return `tma_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
}

/**
 * The pool's client (`new pg.Pool({ Client: PreparingClient })`): a query with a text and parameters, as
 * Kysely sends them, runs as a named statement when `preparable`. Everything else passes through unchanged.
 */
export class PreparingClient extends pg.Client {
  readonly #names = new Map<string, string | null>();

  #nameFor(text: string, values: unknown[]): string | null {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size >= MAX_NAMED_PER_CONNECTION) return null;
    const name = preparable(text, values.length) ? statementName(text) : null;
    this.#names.set(text, name);
    return name;
  }

  // biome-ignore lint/suspicious/noExplicitAny: node-postgres' query has a dozen overloads; this forwards them
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config !== 'string' || !Array.isArray(values)) return super.query(config, values, callback);
    const name = this.#nameFor(config, values);
    if (name === null) return super.query(config, values, callback);
    return super.query({ name, text: config, values }, callback);
  }
}
