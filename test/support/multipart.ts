import { randomBytes } from 'node:crypto';

export interface MultipartFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** A multipart body with one JSON part and files in parts `attachments`, as the web app sends it. */
export function multipart(
  jsonField: string,
  json: unknown,
  files: MultipartFile[] = [],
): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = `----tma${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${jsonField}"\r\n\r\n${JSON.stringify(json)}\r\n`,
    ),
  ];
  for (const file of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * A document upload as the web app sends it: the JSON part first (when given), then one file in `file`.
 */
export function documentUpload(
  jsonField: string,
  json: unknown,
  file: MultipartFile,
): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = `----tma${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  if (json !== undefined)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${jsonField}"\r\n\r\n${JSON.stringify(json)}\r\n`,
      ),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
