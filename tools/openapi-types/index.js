// openapi-typescript builds its output with the TypeScript compiler API, which TypeScript 7 (the project's
// compiler) does not ship. This package is installed with its own TypeScript 5, and only the generated text
// crosses into the project: no AST node or compiler type does.
import openapiTS, { astToString } from 'openapi-typescript';

/** TypeScript declarations (`paths`, `components`, `operations`) of an OpenAPI 3 document. */
export async function openapiToTypeScript(document, options = {}) {
  return astToString(await openapiTS(document, options));
}
