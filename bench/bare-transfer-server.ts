// The transport alone, for bench/document-http.ts: the same Fastify and @fastify/multipart as TMA, an upload
// whose file part is read to its end and dropped, and a download of documentText sent the way TMA's content
// route sends a document (an async generator through Readable.from). No authentication, no sniffing, no
// encryption, no blob store: what moving the bytes through Node's HTTP server costs on this machine, the
// ceiling of any document endpoint written this way. Forked by document-http.ts like tma-server.ts.
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { documentText } from './document-traffic.ts';

const app = Fastify({ logger: false });
await app.register(multipart, { limits: { fileSize: 1024 ** 4, files: 1, fields: 1, parts: 2 } });

app.post('/bare/transfer', async (request, reply) => {
  const part = await request.file();
  if (!part) return reply.code(422).send({ error: 'no file' });
  let bytes = 0;
  for await (const piece of part.file) bytes += (piece as Buffer).length;
  return reply.code(201).send({ bytes });
});

app.get<{ Params: { size: string } }>('/bare/transfer/:size', async (request, reply) => {
  const size = Number(request.params.size);
  async function* pieces() {
    yield* documentText(size);
  }
  return reply
    .header('content-type', 'text/plain; charset=utf-8')
    .header('content-length', String(size))
    .send(Readable.from(pieces(), { objectMode: false, highWaterMark: 1 }));
});

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.on('message', (message) => {
  if (message === 'stop') void app.close().then(() => process.exit(0));
});
process.send?.({ ready: address });
