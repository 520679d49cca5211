/** Options of openapi-typescript (https://openapi-ts.dev/node) that take plain values. */
export interface OpenapiToTypeScriptOptions {
  alphabetize?: boolean;
  exportType?: boolean;
  immutable?: boolean;
  additionalProperties?: boolean;
  defaultNonNullable?: boolean;
  rootTypes?: boolean;
  rootTypesNoSchemaPrefix?: boolean;
  enum?: boolean;
  pathParamsAsTypes?: boolean;
  arrayLength?: boolean;
  propertiesRequiredByDefault?: boolean;
}

/** TypeScript declarations (`paths`, `components`, `operations`) of an OpenAPI 3 document. */
export function openapiToTypeScript(
  document: Record<string, unknown>,
  options?: OpenapiToTypeScriptOptions,
): Promise<string>;
