declare const sealedBrand: unique symbol;

/**
 * Ciphertext made by ScopeCipher.seal. A distinct type, so that plaintext cannot be written to a column
 * that holds ciphertext (declare such columns as `Sealed` in the schema types) nor shown without opening.
 */
export type Sealed = Buffer & { readonly [sealedBrand]: true };

/** Where a sealed value lives; bound to the ciphertext so it cannot be moved to another row or column. */
export interface FieldRef {
  table: string;
  column: string;
  rowId: string;
}
