import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { AppError, BadRequest, Invalid } from '../../errors.ts';
import type { DocumentedBody } from '../../http/openapi-components.ts';
import { assertValid } from '../../validation.ts';

// A document upload is multipart/form-data: first an optional JSON part with the document's fields, then
// one part `file`. The file is handed on as a stream while the request is still arriving; nothing reads it
// whole.

export const FILE_FIELD = 'file';

/** The upload's body, for the OpenAPI document (the route's `config.documentedBody`). */
export function documentUploadBody(jsonField: string, schema: TSchema, description: string): DocumentedBody {
  const name = (schema as { title?: unknown }).title;
  if (typeof name !== 'string') throw new TypeError(`the schema of the part "${jsonField}" needs a title`);
  return {
    description: `${description} As multipart/form-data: the JSON in the part \`${jsonField}\` (optional; before the file), then the file in the part \`${FILE_FIELD}\`, with its name.`,
    content: {
      'multipart/form-data': {
        schema: Type.Object(
          {
            [jsonField]: Type.Optional(schema),
            [FILE_FIELD]: Type.String({ format: 'binary', contentMediaType: 'application/octet-stream' }),
          },
          { title: `${name}Upload` },
        ),
      },
    },
  };
}

/**
 * Reads the upload's JSON part, checks it against `schema`, and hands the file to `store` as a stream. The
 * multipart parser's complaints become 422s with TMA's codes.
 */
export async function readUpload<T, R>(
  request: FastifyRequest,
  jsonField: string,
  schema: TSchema,
  store: (fields: T, file: { fileName: string; content: AsyncIterable<Buffer> }) => Promise<R>,
): Promise<R> {
  if (!request.isMultipart())
    throw new Invalid('multipart_invalid', 'Upload the file as multipart/form-data.');
  try {
    const part = await request.file();
    if (!part)
      throw new Invalid('file_missing', `The part "${FILE_FIELD}" with the file is missing.`, [
        { path: FILE_FIELD, message: 'is required' },
      ]);
    if (part.fieldname !== FILE_FIELD)
      throw new Invalid('unexpected_field', `Unexpected file field "${part.fieldname}".`, [
        { path: part.fieldname, message: `the file goes in "${FILE_FIELD}"` },
      ]);
    const fields = readJsonPart(part.fields, jsonField);
    assertValid(schema, fields, jsonField);
    return await store(fields as T, { fileName: part.filename, content: part.file });
  } catch (error) {
    // The client went away mid-upload (a cancelled upload): its fault, not the server's, and nothing is kept.
    if (
      !(error instanceof AppError) &&
      (request.raw.destroyed || (error as { code?: string }).code === 'ECONNRESET')
    )
      throw new BadRequest('upload_aborted', 'The upload broke off before the whole file arrived.');
    throw asUploadError(error);
  }
}

function readJsonPart(fields: Record<string, unknown>, jsonField: string): unknown {
  for (const name of Object.keys(fields)) {
    if (name === FILE_FIELD) continue;
    if (name !== jsonField)
      throw new Invalid('unexpected_field', `Unexpected field "${name}".`, [
        { path: name, message: 'is not expected' },
      ]);
  }
  const part = fields[jsonField] as { value?: unknown } | undefined;
  if (part === undefined) return {};
  try {
    return JSON.parse(String(part.value));
  } catch {
    throw new Invalid('invalid_json', `The part "${jsonField}" is not valid JSON.`, [
      { path: jsonField, message: 'is not valid JSON' },
    ]);
  }
}

function asUploadError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new Invalid('document_too_large', 'The file is larger than allowed.', [
      { path: FILE_FIELD, message: 'is too large' },
    ]);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return new Invalid('multipart_invalid', 'Send one file, and at most one JSON part before it.');
  if (
    code === 'FST_FIELD_SIZE_LIMIT' ||
    code === 'FST_PROTO_VIOLATION' ||
    code === 'FST_INVALID_MULTIPART_CONTENT_TYPE'
  )
    return new Invalid('multipart_invalid', 'The upload has unexpected or oversized fields.');
  // The parser's own complaints (no boundary, a malformed or truncated part) carry no code.
  if (
    code === undefined &&
    error instanceof Error &&
    /multipart|boundary|Unexpected end/i.test(error.message)
  )
    return new Invalid('multipart_invalid', 'The upload is not valid multipart/form-data.');
  return error;
}
