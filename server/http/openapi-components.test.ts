import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { componentRefResolver, documentBody, nameComponents } from './openapi-components.ts';

const Attachment = Type.Object(
  { id: Type.String({ format: 'uuid' }), name: Type.String() },
  { title: 'Attachment', additionalProperties: false },
);
const Message = Type.Object(
  { body: Type.String({ minLength: 1 }), attachments: Type.Array(Attachment) },
  { title: 'Message', additionalProperties: false },
);
// The same component twice in one schema, once optional (TypeBox copies it): one definition, two references.
const Thread = Type.Object(
  {
    messages: Type.Array(Message),
    attachments: Type.Array(Attachment),
    pinned: Type.Optional(Attachment),
    note: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Thread' },
);

const attachment = { id: '0b3f0c52-2a5e-4a8b-9e59-5a0f4a9d7c11', name: 'a.pdf' };

async function appWith(register: (app: FastifyInstance) => void | Promise<void>): Promise<FastifyInstance> {
  // Validation as app.ts sets it up: unknown properties are refused, not dropped.
  const app = Fastify({
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(swagger, {
    refResolver: componentRefResolver,
    transform: documentBody,
    transformObject: nameComponents,
    openapi: { openapi: '3.1.0', info: { title: 'test', version: '1' } },
  });
  await app.register(async (scope) => register(scope));
  await app.ready();
  return app;
}

describe('titled schemas as named components', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('lists each titled schema once in the components and refers to it wherever it is used', async () => {
    app = await appWith((scope) => {
      scope.post(
        '/threads',
        { schema: { body: Message, response: { 201: Thread } } },
        async (_request, reply) => reply.code(201).send({ messages: [], attachments: [], note: null }),
      );
      scope.get('/threads/x', { schema: { response: { 200: Thread } } }, async () => ({
        messages: [],
        attachments: [],
        note: null,
      }));
    });
    const document = app.swagger() as unknown as {
      components: { schemas: Record<string, Record<string, unknown>> };
      paths: Record<string, Record<string, { requestBody: unknown; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Attachment', 'Message', 'Thread']);
    expect(document.components.schemas.Thread?.properties).toEqual({
      messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } },
      attachments: { type: 'array', items: { $ref: '#/components/schemas/Attachment' } },
      pinned: { $ref: '#/components/schemas/Attachment' },
      note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    });
    expect(document.paths['/threads']?.post?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } },
    });
    expect(document.paths['/threads/x']?.get?.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Thread' } } },
    });
  });

  it('leaves validation and serialisation to the schemas themselves', async () => {
    app = await appWith((scope) => {
      scope.post('/threads', { schema: { body: Message, response: { 200: Thread } } }, async (request) => ({
        messages: [request.body],
        attachments: [{ ...attachment, secret: 'not in the schema' }],
        pinned: attachment,
        note: null,
      }));
    });
    const ok = await app.inject({
      method: 'POST',
      url: '/threads',
      payload: { body: 'hi', attachments: [attachment] },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      messages: [{ body: 'hi', attachments: [attachment] }],
      attachments: [attachment],
      pinned: attachment,
      note: null,
    });
    const nested = await app.inject({
      method: 'POST',
      url: '/threads',
      payload: { body: 'hi', attachments: [{ id: 'not-a-uuid', name: 'a' }] },
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().message).toContain('/attachments/0/id');
    const extra = await app.inject({
      method: 'POST',
      url: '/threads',
      payload: { body: 'hi', attachments: [], more: 1 },
    });
    expect(extra.statusCode).toBe(400);
  });

  it('refuses two different schemas under one name', async () => {
    const Other = Type.Object({ id: Type.Integer() }, { title: 'Attachment' });
    app = await appWith((scope) => {
      scope.get('/a', { schema: { response: { 200: Attachment } } }, async () => attachment);
      scope.get('/b', { schema: { response: { 200: Other } } }, async () => ({ id: 1 }));
    });
    expect(() => app?.swagger()).toThrow('Two different schemas are named "Attachment"');
  });

  it('keeps shared schemas under their $id', async () => {
    app = await appWith((scope) => {
      scope.addSchema({ $id: 'Problem', type: 'object', properties: { code: { type: 'string' } } });
      scope.get(
        '/a',
        { schema: { response: { 200: Attachment, 404: { $ref: 'Problem#' } } } },
        async () => attachment,
      );
    });
    const document = app.swagger() as unknown as {
      components: { schemas: Record<string, unknown> };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Attachment', 'Problem']);
    expect(document.paths['/a']?.get?.responses['404']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
  });

  it('documents a body the handler reads itself, without Fastify validating it', async () => {
    app = await appWith((scope) => {
      scope.post(
        '/uploads',
        {
          config: {
            documentedBody: {
              description: 'The message, as JSON.',
              content: { 'application/json': { schema: Message } },
            },
          },
          schema: { description: 'Upload.' },
        },
        async (request) => ({ received: request.body }),
      );
    });
    const document = app.swagger() as unknown as {
      components: { schemas: Record<string, unknown> };
      paths: Record<string, Record<string, { requestBody: unknown; description: string }>>;
    };
    const operation = document.paths['/uploads']?.post;
    expect(operation?.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } },
    });
    expect(operation?.description).toBe('Upload.\n\nThe message, as JSON.');
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Attachment', 'Message']);
    // Documentation only: the handler gets the body as it came.
    const response = await app.inject({ method: 'POST', url: '/uploads', payload: { anything: true } });
    expect(response.json()).toEqual({ received: { anything: true } });
  });
});
