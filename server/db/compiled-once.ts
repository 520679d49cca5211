import { randomUUID } from 'node:crypto';
import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

// Kysely builds a query as a tree of frozen nodes and compiles it to SQL on every call: for the case read's
// one large statement that was a sixth of the request's CPU (issue 18, bench/README.md). A query whose shape
// never changes can be built and compiled once; later calls send the same text with their own parameters
// (and, being the same text, reuse the connection's prepared statement: prepared-statements.ts).

/**
 * `build`, compiled once per process and run with new values for its placeholders on every call. `build`
 * receives one placeholder per argument and must pass each on as a value (a bound parameter), never into
 * the SQL text; the first compilation checks that every placeholder arrived as a parameter.
 */
export function compiledOnce<Args extends unknown[], Row>(
  build: (db: Kysely<never>, ...placeholders: Args) => Compilable<Row>,
): <Db>(db: Kysely<Db>, ...args: Args) => Promise<Row[]> {
  let template: { sql: string; parameters: readonly unknown[]; slots: Array<[number, number]> } | undefined;
  return async (db, ...args) => {
    if (!template) {
      const placeholders = args.map((_, i) => `tma-placeholder-${i}-${randomUUID()}`);
      const compiled = build(db as unknown as Kysely<never>, ...(placeholders as Args)).compile();
      const slots: Array<[number, number]> = [];
      compiled.parameters.forEach((value, index) => {
        const argument = placeholders.indexOf(value as string);
        if (argument >= 0) slots.push([index, argument]);
      });
      for (let i = 0; i < placeholders.length; i++)
        if (!slots.some(([, argument]) => argument === i))
          throw new Error(`compiledOnce: argument ${i} did not reach the query as a parameter`);
      template = { sql: compiled.sql, parameters: compiled.parameters, slots };
    }
    const parameters = [...template.parameters];
    for (const [index, argument] of template.slots) parameters[index] = args[argument];
    const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(template.sql, parameters));
    return rows;
  };
}
