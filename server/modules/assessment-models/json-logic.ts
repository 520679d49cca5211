import { Type } from 'typebox';
import type { DefinitionProblem } from '../model-format/building-blocks.ts';

// The rule language of assessment models: JsonLogic (jsonlogic.com) restricted to a whitelist. A model is
// data from a tenant; no operator on the list can call a method, reach an object's prototype, loop without
// bound or throw on purpose, so evaluating a model cannot run code. The helpers are TMA's own and
// read only the answers of the assessment being evaluated.

/** Standard JsonLogic operators a model may use. */
export const STANDARD_OPERATORS = [
  'var',
  'if',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '<',
  '<=',
  '>',
  '>=',
  'max',
  'min',
  '+',
  '-',
  '*',
  '/',
  'in',
] as const;

/**
 * TMA's helpers over the answers: `countTag [tag, codes]` counts items with the tag answered with one of the
 * codes; `anyTag [tag, codes]` says whether there is one; `sumWeightTag [tag]` sums the weights of the
 * answers of tagged items (unknown and unanswered excluded); `unknownShare []` or `[tag]` is the share of
 * (tagged) items that are unknown or unanswered, 0–1.
 */
export const HELPER_OPERATORS = ['countTag', 'anyTag', 'sumWeightTag', 'unknownShare'] as const;

export const ALLOWED_OPERATORS: readonly string[] = [...STANDARD_OPERATORS, ...HELPER_OPERATORS];

const escapeForPattern = (operator: string) => operator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A JsonLogic expression using only whitelisted operators: a literal, a list, or an object with exactly one
 * whitelisted operator as its key. The validator adds what the schema cannot say (helper arguments,
 * variable references); it also names the path of a forbidden operator, which a union's errors do not.
 */
const MAX_STRING = 200;
const MAX_LIST = 100;

export const JsonLogic = Type.Cyclic(
  {
    JsonLogic: Type.Union([
      Type.String({ maxLength: MAX_STRING }),
      Type.Number(),
      Type.Boolean(),
      Type.Null(),
      Type.Array(Type.Ref('JsonLogic'), { maxItems: MAX_LIST }),
      Type.Record(
        Type.String({ pattern: `^(${ALLOWED_OPERATORS.map(escapeForPattern).join('|')})$` }),
        Type.Ref('JsonLogic'),
        { minProperties: 1, maxProperties: 1, additionalProperties: false },
      ),
    ]),
  },
  'JsonLogic',
  { title: 'JsonLogic' },
);

export interface LogicScope {
  /** Variables an expression may read besides `answers.<itemId>` and `trends.<itemId>`. */
  variables: ReadonlySet<string>;
  itemIds: ReadonlySet<string>;
  tags: ReadonlySet<string>;
}

const MAX_DEPTH = 30;

/**
 * Checks an expression against the whitelist and the model's names: every operator allowed, every `var` a
 * literal naming a declared variable or `answers.<itemId>` / `trends.<itemId>`, helper arguments literal
 * tags and codes. Returns the problems by path (`rules.2.when.and.0`). Without a scope, only the operators
 * are checked (before the rest of the model is known to be well-formed).
 */
export function logicProblems(logic: unknown, path: string, scope: LogicScope | null): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const visit = (node: unknown, at: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      problems.push({ path: at, message: `nests deeper than ${MAX_DEPTH} levels` });
      return;
    }
    // The schema's limits, checked here because its errors inside an expression are suppressed as noise.
    if (typeof node === 'string' && node.length > MAX_STRING) {
      problems.push({ path: at, message: `is longer than ${MAX_STRING} characters` });
      return;
    }
    if (node === null || ['string', 'number', 'boolean'].includes(typeof node)) return;
    if (Array.isArray(node)) {
      if (node.length > MAX_LIST) problems.push({ path: at, message: `has more than ${MAX_LIST} entries` });
      for (const [index, child] of node.entries()) visit(child, `${at}.${index}`, depth + 1);
      return;
    }
    if (typeof node !== 'object') {
      problems.push({ path: at, message: 'is not JSON' });
      return;
    }
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push({ path: at, message: 'must be an object with exactly one operator' });
      return;
    }
    const operator = keys[0] as string;
    const argument = (node as Record<string, unknown>)[operator];
    const here = `${at}.${operator}`;
    if (!ALLOWED_OPERATORS.includes(operator)) {
      problems.push({ path: here, message: `uses the operator "${operator}", which models may not use` });
      return;
    }
    if (scope === null) {
      visit(argument, here, depth + 1);
      return;
    }
    if (operator === 'var') {
      problems.push(...variableProblems(argument, here, scope));
      // A default value is an expression too: `{"var": ["x", {"method": …}]}` must not pass.
      if (Array.isArray(argument) && argument.length === 2) visit(argument[1], `${here}.1`, depth + 1);
      return;
    }
    if ((HELPER_OPERATORS as readonly string[]).includes(operator)) {
      problems.push(...helperProblems(operator, argument, here, scope));
      return;
    }
    visit(argument, here, depth + 1);
  };
  visit(logic, path, 0);
  return problems;
}

function variableProblems(argument: unknown, path: string, scope: LogicScope): DefinitionProblem[] {
  const name = Array.isArray(argument) ? argument[0] : argument;
  if (Array.isArray(argument) && argument.length > 2)
    return [{ path, message: 'takes a name and at most a default value' }];
  if (typeof name !== 'string') return [{ path, message: 'must name a variable as a literal string' }];
  const [root, item, ...rest] = name.split('.');
  if ((root === 'answers' || root === 'trends') && item !== undefined && rest.length === 0) {
    return scope.itemIds.has(item) ? [] : [{ path, message: `refers to the unknown item "${item}"` }];
  }
  if (scope.variables.has(name)) return [];
  return [
    { path, message: `refers to "${name}", which is neither a derived value declared before nor an answer` },
  ];
}

function helperProblems(
  operator: string,
  argument: unknown,
  path: string,
  scope: LogicScope,
): DefinitionProblem[] {
  const args = Array.isArray(argument) ? argument : [argument];
  const tagProblem = (tag: unknown): DefinitionProblem[] =>
    typeof tag !== 'string'
      ? [{ path, message: 'takes a tag as a literal string first' }]
      : scope.tags.has(tag)
        ? []
        : [{ path, message: `refers to the tag "${tag}", which no item has` }];
  switch (operator) {
    case 'countTag':
    case 'anyTag': {
      const [tag, codes] = args;
      const codesOk =
        args.length === 2 &&
        Array.isArray(codes) &&
        codes.length > 0 &&
        codes.every((code) => typeof code === 'string');
      return [
        ...tagProblem(tag),
        ...(codesOk ? [] : [{ path, message: 'takes a tag and a non-empty list of answer codes' }]),
      ];
    }
    case 'sumWeightTag':
      return args.length === 1 ? tagProblem(args[0]) : [{ path, message: 'takes exactly one tag' }];
    default:
      if (args.length === 0 || (argument === null && args.length === 1)) return [];
      return args.length === 1 ? tagProblem(args[0]) : [{ path, message: 'takes no argument or one tag' }];
  }
}
