import { isDeepStrictEqual } from 'node:util';
import { Invalid, NotFound } from '../../errors.ts';

// An organisation's catalogue of procedure building blocks that TMA ships defaults for (case templates,
// measure types): TMA's entries in code, each changed or switched off by a row of the organisation's, and
// the organisation's own entries. One place decides what an entry looks like and what a change does, so
// every such catalogue behaves alike.

/** A stored entry: the organisation's own, or its version of one of TMA's. */
export interface CatalogueRow {
  key: string;
  built_in: boolean;
  definition: unknown;
  active: boolean;
}

export type CatalogueEntry<D extends object> = D & {
  key: string;
  /** One of TMA's defaults (perhaps changed by the organisation). */
  builtIn: boolean;
  /** Changed from TMA's default (for built-in ones). */
  customised: boolean;
  active: boolean;
};

/** The change an admin asks for: new content, on or off, or back to TMA's default. */
export interface CatalogueChange<D> {
  definition?: D | undefined;
  active?: boolean | undefined;
  reset?: true | undefined;
}

export interface Catalogue<D extends object> {
  /** The entry under `key` as the organisation has it (`row`), or TMA's default. */
  entry(key: string, row: CatalogueRow | undefined): CatalogueEntry<D>;
  /** TMA's entries in their order, then the organisation's own in the order made. */
  entries(rows: readonly CatalogueRow[]): CatalogueEntry<D>[];
  isBuiltIn(key: string): boolean;
  /**
   * What saving `change` to the entry under `key` writes (`check` validates new content), and the audit
   * reason (`changed`, `reset`, `switched_off`, `switched_on`, by `.`). 404 `<code>_not_found` for no such
   * entry, 422 `<code>_not_built_in` for resetting an own one, 422 `<code>_change_conflict` for both at once.
   */
  change(
    key: string,
    row: CatalogueRow | undefined,
    change: CatalogueChange<D>,
    check: (definition: D) => Promise<D>,
  ): Promise<{ row: Omit<CatalogueRow, 'built_in'> & { builtIn: boolean }; reason: string }>;
}

/**
 * `words` name the entries in errors; `ownFields` are fields that are always the organisation's own (a
 * link to its handbook page): setting them does not make a built-in entry customised, and a reset keeps them.
 */
export function defineCatalogue<D extends object>(
  builtIns: Readonly<Record<string, D>>,
  words: { code: string; noun: string; ownFields?: ReadonlyArray<keyof D> },
): Catalogue<D> {
  const ownFields = words.ownFields ?? [];
  const withoutOwn = (definition: unknown) => {
    const copy = { ...(definition as D) };
    for (const field of ownFields) delete copy[field];
    return copy;
  };
  const entry = (key: string, row: CatalogueRow | undefined): CatalogueEntry<D> => {
    const builtIn = builtIns[key];
    const definition = (row?.definition ?? builtIn) as D;
    return {
      ...definition,
      key,
      builtIn: builtIn !== undefined,
      customised:
        builtIn !== undefined &&
        row !== undefined &&
        !isDeepStrictEqual(withoutOwn(row.definition), withoutOwn(builtIn)),
      active: row?.active ?? true,
    };
  };
  return {
    entry,
    entries(rows) {
      const byKey = new Map(rows.map((row) => [row.key, row]));
      return [
        ...Object.keys(builtIns).map((key) => entry(key, byKey.get(key))),
        ...rows.filter((row) => !row.built_in).map((row) => entry(row.key, row)),
      ];
    },
    isBuiltIn: (key) => builtIns[key] !== undefined,
    async change(key, row, change, check) {
      const builtIn = builtIns[key];
      if (!row && !builtIn) throw new NotFound(`${words.code}_not_found`, `No such ${words.noun}.`);
      if (change.reset && !builtIn)
        throw new Invalid(
          `${words.code}_not_built_in`,
          `Only TMA’s own ${words.noun}s have a default to go back to.`,
        );
      if (change.reset && change.definition)
        throw new Invalid(
          `${words.code}_change_conflict`,
          `Reset or change the ${words.noun}, not both at once.`,
        );
      const { key: _key, builtIn: _builtIn, customised: _customised, active, ...current } = entry(key, row);
      const own = Object.fromEntries(ownFields.map((field) => [field, (current as D)[field]]));
      const definition = change.reset
        ? ({ ...(builtIn as D), ...own } as D)
        : change.definition
          ? await check(change.definition)
          : (current as unknown as D);
      const nextActive = change.active ?? active;
      const changed = [
        change.definition ? 'changed' : null,
        change.reset ? 'reset' : null,
        nextActive !== active ? (nextActive ? 'switched_on' : 'switched_off') : null,
      ].filter((part) => part !== null);
      return {
        row: { key, builtIn: builtIn !== undefined, definition, active: nextActive },
        reason: changed.length > 0 ? changed.join('.') : 'unchanged',
      };
    },
  };
}
