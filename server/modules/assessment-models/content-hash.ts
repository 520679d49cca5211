import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AssessmentModel } from './model-definition.ts';

// A published version's identity: SHA-256 over its RFC 8785 canonical JSON (the JSON Canonicalization
// Scheme, implemented by its author's `canonicalize`), without the hash itself and without the lifecycle
// status, which changes when a version is retired while its content does not. Every assessment stores the
// hash of the version it used, so "the same version" is provable, not assumed.

/** The content of a model that its hash covers. */
export function hashedContent(
  model: AssessmentModel,
): Omit<AssessmentModel, 'contentHash' | 'status' | '$schema'> {
  // `$schema` only points an editor at models/model.schema.json; moving the file changes no content.
  const { contentHash: _hash, status: _status, $schema: _schema, ...content } = model;
  return content;
}

/** `sha256:<hex>` of the model's canonical JSON. */
export function modelContentHash(model: AssessmentModel): string {
  const canonical = canonicalize(hashedContent(model));
  if (canonical === undefined) throw new Error('a model always has a canonical form');
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
