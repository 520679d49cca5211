import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { Invalid } from './errors.ts';

/**
 * Checks a value that did not come through an HTTP schema (CLI arguments, service calls) against a TypeBox
 * schema, and throws one Invalid naming every problem: `<subject>_invalid`, with a field list.
 */
export function assertValid(schema: TSchema, value: unknown, subject: string): void {
  if (Value.Check(schema, value)) return;
  const problems = [...Value.Errors(schema, value)].map((error) => ({
    path: error.instancePath.replace(/^\//, '') || subject,
    message:
      error.keyword === 'pattern'
        ? 'must be 1–40 lower-case letters, digits or inner hyphens'
        : error.message,
  }));
  if (problems.length > 0) {
    const detail = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new Invalid(`${subject}_invalid`, `The ${subject} is not valid (${detail}).`, problems);
  }
}
