// Both drivers must return the same JavaScript types. Their defaults already agree on timestamptz (Date)
// and json/jsonb (parsed); they differ on int8 (pg: string, PGlite: number) and that is set here: a
// number, refusing values that would lose precision. numeric stays an exact string on both.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed))
    throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return parsed;
}

export const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8]: parseInt8,
  [NUMERIC]: (value) => value,
  // A calendar day stays 'YYYY-MM-DD': as a Date it would gain a time zone and an hour it never had.
  [DATE]: (value) => value,
};

const BYTEA = 17;

/**
 * PGlite's own bytea conversion walks the bytes in JavaScript (slow, ~7 MiB/s) and returns Uint8Array,
 * where node-postgres returns Buffer. These use Node's hex codec instead: the same Buffer type as on the
 * server, several times faster.
 */
export const pgliteByteaParsers: Record<number, (value: string) => unknown> = {
  [BYTEA]: (value) => Buffer.from(value.slice(2), 'hex'),
};

export const pgliteByteaSerializers: Record<number, (value: unknown) => string> = {
  [BYTEA]: (value) => `\\x${Buffer.from(value as Uint8Array).toString('hex')}`,
};
