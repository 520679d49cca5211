import { beforeAll, describe, expect, it } from 'vitest';
import { checkedInApiTypes, fetchApiDocument, generateApiTypes } from './api-types.ts';

// The web app's types are generated from the OpenAPI document; CI fails when a server change was not
// followed by `npm run api:types` (and then `tsc` shows where the web app no longer fits).

interface Media {
  schema?: Record<string, unknown>;
}
interface Operation {
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
  description?: string;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown> & { properties?: Record<string, unknown> }> };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('the OpenAPI document and the web app types generated from it', () => {
  let document: Document;
  beforeAll(async () => {
    document = (await fetchApiDocument()) as unknown as Document;
  }, 120_000);

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        name: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );

  it('web/api/schema.d.ts is up to date: run `npm run api:types` after changing a schema', async () => {
    const expected = await generateApiTypes(document as unknown as Record<string, unknown>);
    const actual = checkedInApiTypes();
    expect(actual, 'web/api/schema.d.ts is missing').not.toBeNull();
    if (actual === expected) return;
    const [want, have] = [expected.split('\n'), (actual ?? '').split('\n')];
    const line = want.findIndex((text, index) => text !== have[index]);
    expect.fail(
      `web/api/schema.d.ts differs from the OpenAPI document from line ${line + 1}:\n` +
        `  checked in: ${have[line] ?? '(end of file)'}\n  generated:  ${want[line] ?? '(end of file)'}\n` +
        'Run `npm run api:types` and check the web app with `npm run typecheck`.',
    );
  }, 120_000);

  it('names every request and success body: a component, referred to by name', () => {
    const inline: string[] = [];
    for (const { name, operation } of operations()) {
      const bodies = Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({
        where: `${name} request ${type}`,
        media,
      }));
      const answers = Object.entries(operation.responses)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, response]) =>
          Object.entries(response.content ?? {}).map(([type, media]) => ({
            where: `${name} ${status} ${type}`,
            media,
          })),
        );
      // JSON documents and uploads are named; a file download, an empty answer or one left open is not.
      const shaped = (schema: Record<string, unknown> = {}) =>
        schema.type !== 'null' &&
        Object.keys(schema).some((keyword) => !['description', 'title'].includes(keyword));
      const named = [...bodies, ...answers].filter(
        ({ where, media }) => /(application\/json|multipart\/form-data)$/.test(where) && shaped(media.schema),
      );
      for (const { where, media } of named) {
        const target = typeof media.schema?.$ref === 'string' ? media.schema.$ref : '';
        const component = target.replace('#/components/schemas/', '');
        if (!target.startsWith('#/components/schemas/') || !document.components.schemas[component])
          inline.push(where);
      }
    }
    expect(inline).toEqual([]);
  });

  it.each([
    ['POST /api/v1/portal/{tenant}/reports', 'submission', 'PortalSubmission'],
    ['POST /api/v1/portal/{tenant}/dialogue/messages', 'message', 'ReporterMessage'],
    ['POST /api/v1/reports', 'report', 'StaffReport'],
  ])(
    'describes the upload %s: multipart with the JSON part `%s`, or the JSON alone',
    (name, part, schema) => {
      const [method, path] = name.split(' ') as [string, string];
      const content = document.paths[path]?.[method.toLowerCase()]?.requestBody?.content ?? {};
      expect(Object.keys(content).sort()).toEqual(['application/json', 'multipart/form-data']);
      expect(content['application/json']?.schema).toEqual(ref(schema));
      expect(content['multipart/form-data']?.schema).toEqual(ref(`${schema}WithFiles`));
      const form = document.components.schemas[`${schema}WithFiles`];
      expect(form?.required).toEqual([part]);
      expect(form?.properties?.[part]).toEqual(ref(schema));
      expect(form?.properties?.attachments).toMatchObject({
        type: 'array',
        items: { type: 'string', format: 'binary' },
      });
    },
  );

  it('describes the proof of work: the challenge, and the answer sent with a report or a receipt login', () => {
    const challenge = document.paths['/api/v1/portal/{tenant}/challenge']?.get?.responses['200'];
    expect(challenge?.content?.['application/json']?.schema).toEqual(ref('PortalChallenge'));
    expect(document.components.schemas.PortalChallenge?.required).toEqual(['parameters', 'signature']);
    expect(document.components.schemas.ProofOfWorkAnswer).toMatchObject({
      type: 'string',
      description: expect.stringContaining('solution'),
    });
    for (const name of ['PortalSubmission', 'ReceiptLogin'])
      expect(document.components.schemas[name]?.properties?.proof, name).toEqual(ref('ProofOfWorkAnswer'));
  });
});
