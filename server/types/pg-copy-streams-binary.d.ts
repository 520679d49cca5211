// pg-copy-streams-binary ships no types; only the part TMA uses is declared.
declare module 'pg-copy-streams-binary' {
  import type { Transform } from 'node:stream';

  /** A PostgreSQL binary type the library decodes, by its name (e.g. `int4`, `bytea`). */
  type FieldType = 'bool' | 'bytea' | 'int2' | 'int4' | 'int8' | 'text' | 'varchar' | 'json' | 'jsonb';

  /** Parses a `COPY … TO STDOUT (FORMAT binary)` stream into one object per row, keyed as mapped. */
  function rowReader(options: { mapping: Array<{ key: string; type: FieldType }> }): Transform;

  const binary: { rowReader: typeof rowReader };
  export default binary;
}
