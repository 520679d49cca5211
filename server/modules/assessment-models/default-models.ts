import { readdirSync, readFileSync } from 'node:fs';
import { modelContentHash } from './content-hash.ts';
import type { AssessmentModel } from './model-definition.ts';
import { assertModel } from './validate-model.ts';

// The assessment models TMA ships (models/*.model.json, MODELS.md "Ship two default models"): read once,
// validated, with their content hash computed, and frozen, since every tenant shares them.

const directory = new URL('../../../models/', import.meta.url);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function loadDefaultModels(): readonly AssessmentModel[] {
  const models = readdirSync(directory)
    .filter((name) => name.endsWith('.model.json'))
    .map((name) => {
      const value: unknown = JSON.parse(readFileSync(new URL(name, directory), 'utf8'));
      try {
        assertModel(value);
      } catch (error) {
        throw new Error(`models/${name}: ${(error as Error).message}`, { cause: error });
      }
      return { ...value, contentHash: modelContentHash(value) };
    })
    .sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
  return deepFreeze(models);
}

/** The shipped models, sorted by model id, each with its `contentHash`. */
export const DEFAULT_MODELS: readonly AssessmentModel[] = loadDefaultModels();
