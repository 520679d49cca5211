import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { hashedContent, modelContentHash } from './content-hash.ts';
import { DEFAULT_MODELS } from './default-models.ts';
import type { AssessmentModel } from './model-definition.ts';

const shipped = DEFAULT_MODELS.find((model) => model.modelId === 'tma.core.warning-behaviours');
if (!shipped) throw new Error('the warning-behaviours model is not shipped');
const copy = () => structuredClone(shipped) as AssessmentModel;

/** The same JSON with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, child]) => [key, reversedKeys(child)]),
  );
}

// RFC 8785 section 3.2.2/3.2.3: the example input and its canonical form, as the RFC prints them.
const RFC_INPUT = String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`;
const RFC_CANONICAL = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;

describe('modelContentHash', () => {
  it('is sha256 over the canonical JSON', () => {
    expect(modelContentHash(shipped)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(modelContentHash(shipped)).toBe(shipped.contentHash);
  });

  it('does not depend on the order of keys', () => {
    const reordered = reversedKeys(copy()) as AssessmentModel;
    expect(Object.keys(reordered)[0]).toBe('contentHash');
    expect(modelContentHash(reordered)).toBe(modelContentHash(shipped));
  });

  it('does not depend on the lifecycle status or on the hash field itself', () => {
    const retired = copy();
    retired.status = 'retired';
    retired.contentHash = `sha256:${'0'.repeat(64)}`;
    expect(modelContentHash(retired)).toBe(modelContentHash(shipped));
    const { contentHash: _hash, ...withoutHash } = copy();
    expect(modelContentHash(withoutHash as AssessmentModel)).toBe(modelContentHash(shipped));
    expect(Object.keys(hashedContent(retired))).not.toContain('status');
  });

  it('changes when a rule changes', () => {
    const changed = copy();
    const rule = changed.rules.find((candidate) => candidate.id === 'R2-context');
    if (!rule) throw new Error('no R2-context');
    rule.suggest = 'L3';
    expect(modelContentHash(changed)).not.toBe(modelContentHash(shipped));
    const threshold = copy();
    threshold.suggestionPolicy.insufficientInformation = {
      variable: 'unknownShare',
      above: 0.31,
      flag: 'INSUFFICIENT_INFO',
      blocksLevelBelow: 'L2',
    };
    expect(modelContentHash(threshold)).not.toBe(modelContentHash(shipped));
  });

  it('uses the RFC 8785 canonical form (known answer from the RFC)', () => {
    const input = JSON.parse(RFC_INPUT) as Record<string, unknown>;
    expect(canonicalize(input)).toBe(RFC_CANONICAL);
    // The hash covers exactly that form; status and contentHash are left out.
    const expected = createHash('sha256').update(RFC_CANONICAL, 'utf8').digest('hex');
    const asModel = { ...input, status: 'active', contentHash: 'sha256:x' } as unknown as AssessmentModel;
    expect(modelContentHash(asModel)).toBe(`sha256:${expected}`);
  });
});
