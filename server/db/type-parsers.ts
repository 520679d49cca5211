// Both drivers must return the same JavaScript types. Their defaults already agree on timestamptz (Date)
// and json/jsonb (parsed); they differ on int8 (pg: string, PGlite: number) and that is set here: a
// number, refusing values that would lose precision. numeric stays an exact string on both.
const INT8 = 20;
const NUMERIC = 1700;

function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed))
    throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return parsed;
}

export const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8]: parseInt8,
  [NUMERIC]: (value) => value,
};
