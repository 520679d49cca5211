import { isDeepStrictEqual } from 'node:util';
import type { SwaggerTransformObject } from '@fastify/swagger';
import type { FastifySchema, RouteOptions } from 'fastify';

// Named schemas of the OpenAPI document. A TypeBox schema with a `title` is a component: `Type.Object({…},
// { title: 'ReportDetail' })` appears once, as `components.schemas.ReportDetail`, and every operation that
// sends or takes it refers to it. The web app's types are generated from these names (npm run api:types).
//
// Only the document changes: the routes keep their plain schemas, which Fastify compiles as they are. (As
// shared schemas, `addSchema` and `$ref`, they would be handed to the compiler of every route, which made
// building the app three times slower; `$id`s nested in a route schema break the serialiser outright.)

/** The request body the OpenAPI document shows for a route whose handler reads and checks it itself. */
export interface DocumentedBody {
  description?: string;
  content: Record<string, { schema: unknown }>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The body as the OpenAPI document describes it, for routes that read it in the handler (multipart
     * uploads): documentation only, Fastify does not validate it. Titled parts become components.
     */
    documentedBody?: DocumentedBody;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keywords whose value is one schema, a list of schemas, or schemas by name (JSON Schema 2020-12). */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
]);
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs']);

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const componentName = (schema: JsonObject): string | undefined =>
  typeof schema.title === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(schema.title) ? schema.title : undefined;

/** Moves every titled schema into `components` (one definition per title) and refers to it there. */
class Components {
  private readonly schemas: Record<string, Json>;

  constructor(schemas: Record<string, Json>) {
    this.schemas = schemas;
  }

  /** `schema` with each titled part, itself included, replaced by a reference to its component. */
  refer(schema: Json): Json {
    if (!isObject(schema)) return schema;
    const rewritten = this.parts(schema);
    const name = componentName(schema);
    if (!name) return rewritten;
    this.define(name, rewritten);
    return { $ref: `#/components/schemas/${name}` };
  }

  /** `schema` with each titled part below it replaced by a reference. */
  parts(schema: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(schema)) {
      if (SCHEMA_KEYWORDS.has(key)) out[key] = this.refer(value);
      else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value))
        out[key] = value.map((item) => this.refer(item));
      else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value))
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.refer(v)]));
      else out[key] = value;
    }
    return out;
  }

  define(name: string, schema: JsonObject): void {
    const known = this.schemas[name];
    if (known !== undefined && !isDeepStrictEqual(known, schema))
      throw new Error(`Two different schemas are named "${name}": each title must name one schema.`);
    this.schemas[name] = schema;
  }
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Json> };
}

/** Each `{ content: { <media type>: { schema } } }` of a request body or response, in place. */
function referContent(components: Components, holder: unknown): void {
  if (!isObject(holder) || !isObject(holder.content)) return;
  for (const media of Object.values(holder.content))
    if (isObject(media) && media.schema !== undefined) media.schema = components.refer(media.schema);
}

/**
 * @fastify/swagger's `transformObject`: every titled schema of the document becomes a named component
 * (see above). Throws when one title names two different schemas.
 */
export const nameComponents: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  const document = documentObject.openapiObject as OpenApiDocument;
  document.components ??= {};
  document.components.schemas ??= {};
  const schemas = document.components.schemas;
  const components = new Components(schemas);
  // The shared schemas (`addSchema`) are components already; titled parts inside them become their own.
  for (const [name, schema] of Object.entries({ ...schemas }))
    if (isObject(schema)) schemas[name] = components.parts(schema);
  for (const pathItem of Object.values(document.paths ?? {}))
    for (const operation of Object.values(pathItem)) {
      if (!isObject(operation)) continue;
      referContent(components, operation.requestBody);
      if (isObject(operation.responses))
        for (const response of Object.values(operation.responses)) referContent(components, response);
      if (Array.isArray(operation.parameters))
        for (const parameter of operation.parameters)
          if (isObject(parameter) && parameter.schema !== undefined)
            parameter.schema = components.refer(parameter.schema);
    }
  return documentObject.openapiObject;
};

/** @fastify/swagger's `refResolver`: a shared schema (`addSchema`) is listed under its `$id`, not `def-<n>`. */
export const componentRefResolver = {
  buildLocalReference(json: { $id?: unknown }, _baseUri: unknown, _fragment: unknown, index: number): string {
    return typeof json.$id === 'string' ? json.$id : `def-${index}`;
  },
};

/** @fastify/swagger's `transform`: a route's `config.documentedBody` is the body the document shows. */
export function documentBody({
  schema,
  url,
  route,
}: {
  schema: FastifySchema;
  url: string;
  route: RouteOptions;
}): {
  schema: FastifySchema;
  url: string;
} {
  const documented = route.config?.documentedBody;
  if (!documented) return { schema, url };
  // @fastify/swagger keeps no description of a body given by media type: it goes to the operation's.
  const description = [schema.description, documented.description].filter(Boolean).join('\n\n');
  return { schema: { ...schema, body: { content: documented.content }, description }, url };
}
