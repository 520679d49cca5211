import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { AppError, Invalid } from '../../errors.ts';
import type { DocumentedBody } from '../../http/openapi-components.ts';
import { assertValid } from '../../validation.ts';
import type { UploadedFile } from './portal-service.ts';

/** The field that carries files in every upload of the reporting side. */
export const ATTACHMENTS_FIELD = 'attachments';

/**
 * What `readJsonWithFiles(request, jsonField, schema)` reads, for the OpenAPI document (the route's
 * `config.documentedBody`): multipart/form-data with the JSON in the part `jsonField` and files in parts
 * `attachments`, or the JSON alone.
 */
export function jsonWithFilesBody(jsonField: string, schema: TSchema, description: string): DocumentedBody {
  const name = (schema as { title?: unknown }).title;
  if (typeof name !== 'string') throw new TypeError(`the schema of the part "${jsonField}" needs a title`);
  const parts = Type.Object(
    {
      // An object part is JSON (application/json) by OpenAPI's default encoding of multipart bodies.
      [jsonField]: schema,
      [ATTACHMENTS_FIELD]: Type.Optional(
        Type.Array(Type.String({ format: 'binary', contentMediaType: 'application/octet-stream' }), {
          description: 'One part per file, with its file name; how many and how large the settings limit.',
        }),
      ),
    },
    { title: `${name}WithFiles` },
  );
  return {
    description: `${description} As multipart/form-data: the JSON in the part \`${jsonField}\`, each file in a part \`${ATTACHMENTS_FIELD}\`; or as JSON alone, without files.`,
    content: { 'multipart/form-data': { schema: parts }, 'application/json': { schema } },
  };
}

/**
 * Reads a request that carries a JSON document and files: multipart/form-data with the JSON in the part
 * `jsonField` and the files in parts `attachments`, or plain JSON without files. Checks the JSON against
 * `schema`. Files are read into memory, within the multipart limits set when the plugin was registered.
 */
export async function readJsonWithFiles<T>(
  request: FastifyRequest,
  jsonField: string,
  schema: TSchema,
): Promise<{ json: T; files: UploadedFile[] }> {
  if (!request.isMultipart()) {
    assertValid(schema, request.body, jsonField);
    return { json: request.body as T, files: [] };
  }
  let json: unknown;
  const files: UploadedFile[] = [];
  try {
    await readParts();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new Invalid('attachment_too_large', 'An attachment is larger than allowed.', [
        { path: ATTACHMENTS_FIELD, message: 'a file is too large' },
      ]);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
      throw new Invalid('attachments_too_many', 'Too many attachments were sent at once.', [
        { path: ATTACHMENTS_FIELD, message: 'too many files' },
      ]);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_FIELD_SIZE_LIMIT' || code === 'FST_PROTO_VIOLATION')
      throw new Invalid('multipart_invalid', 'The upload has unexpected or oversized fields.');
    // The multipart parser's own complaints (no boundary, a malformed or truncated part) carry no code.
    if (code === undefined && !(error instanceof AppError))
      throw new Invalid('multipart_invalid', 'The upload is not valid multipart/form-data.');
    throw error;
  }
  if (json === undefined)
    throw new Invalid('field_missing', `The part "${jsonField}" is missing.`, [
      { path: jsonField, message: 'is required' },
    ]);
  assertValid(schema, json, jsonField);
  return { json: json as T, files };

  async function readParts(): Promise<void> {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== ATTACHMENTS_FIELD)
          throw new Invalid('unexpected_field', `Unexpected file field "${part.fieldname}".`, [
            { path: part.fieldname, message: `files go in "${ATTACHMENTS_FIELD}"` },
          ]);
        files.push({ fileName: part.filename, bytes: await part.toBuffer() });
      } else if (part.fieldname === jsonField) {
        try {
          json = JSON.parse(String(part.value));
        } catch {
          throw new Invalid('invalid_json', `The part "${jsonField}" is not valid JSON.`, [
            { path: jsonField, message: 'is not valid JSON' },
          ]);
        }
      } else {
        throw new Invalid('unexpected_field', `Unexpected field "${part.fieldname}".`, [
          { path: part.fieldname, message: 'is not expected' },
        ]);
      }
    }
  }
}
