import { createHmac, hkdfSync } from 'node:crypto';

const FOLDS: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
};

/**
 * Splits text into search tokens the way a person searches names and words: Unicode-normalised, lower
 * case, German umlauts and ß folded (Müller → mueller, Straße → strasse), other accents dropped (José →
 * jose), split on anything that is not a letter or digit, duplicates removed.
 */
export function searchTokens(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLocaleLowerCase('de')
    .replace(/[äöüßæœøłđ]/g, (char) => FOLDS[char] ?? char)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  return [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0))];
}

/**
 * Keyed hashes of search tokens, for searching encrypted text without decrypting it: the same token gives
 * the same hash within a tenant and field, and nothing without the tenant's key. Each field has its own
 * derived key, so equal words in different fields do not correlate.
 */
export class BlindIndex {
  readonly #key: Buffer;
  readonly #fieldKeys = new Map<string, Buffer>();

  constructor(key: Buffer) {
    this.#key = key;
  }

  #fieldKey(field: string): Buffer {
    let key = this.#fieldKeys.get(field);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `tma blind index v1 ${field}`, 32));
      this.#fieldKeys.set(field, key);
    }
    return key;
  }

  /**
   * One 128-bit hash (hex) per distinct token of `text`. Store them with the row; to search, compute them
   * for the query and match rows holding all of them. Under row-level security match by equality on a
   * b-tree (one row per entry, as `case_search_terms` does): PostgreSQL uses an index before the policies
   * only for leakproof operators, and array containment (`@>`) is not one.
   */
  entries(field: string, text: string): string[] {
    return searchTokens(text).map((token) => this.#hash(field, token));
  }

  #hash(field: string, token: string): string {
    return createHmac('sha256', this.#fieldKey(field))
      .update(token, 'utf8')
      .digest()
      .subarray(0, 16)
      .toString('hex');
  }
}
