// `tma models validate|test|import|export`: model files checked offline with the API's validator and
// engine (exit code 1 on a problem), imported into a tenant's registry and published as the operator,
// exported as JSON and FHIR, and a licensed model's export refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { DEFAULT_MODELS } from '../../modules/assessment-models/default-models.ts';

const shipped = (name: string) => path.resolve(import.meta.dirname, '../../../models', name);

describe('tma models', () => {
  it('validates and tests model files, naming every problem and failing fixture', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-models-'));
    const files = [
      shipped('tma.core.warning-behaviours.model.json'),
      shipped('tma.core.structured-inquiry.model.json'),
    ];
    const valid = await tma(['models', 'validate', ...files], {});
    expect(valid.code, valid.err.join('\n')).toBe(0);
    expect(valid.out.every((line) => line.endsWith(': valid'))).toBe(true);
    const tested = await tma(['models', 'test', ...files], {});
    expect(tested.code).toBe(0);
    expect(tested.out.join('\n')).toMatch(/warning-behaviours\.model\.json: (\d+) of \1 fixtures pass/);

    const model = JSON.parse(readFileSync(files[0] as string, 'utf8'));
    const evil = path.join(dir, 'evil.json');
    writeFileSync(
      evil,
      JSON.stringify({ ...model, rules: [{ ...model.rules[0], when: { method: ['x', 'y'] } }] }),
    );
    const refused = await tma(['models', 'validate', evil], {});
    expect(refused.code).toBe(1);
    expect(refused.out.join('\n')).toContain(
      'rules.0.when.method: uses the operator "method", which models may not use',
    );

    const wrong = path.join(dir, 'wrong.json');
    const fixture = { ...model.fixtures[0], expect: { suggestedLevel: 'L4' } };
    writeFileSync(wrong, JSON.stringify({ ...model, fixtures: [fixture] }));
    const failing = await tma(['models', 'test', wrong], {});
    expect(failing.code).toBe(1);
    expect(failing.out.join('\n')).toMatch(new RegExp(`fixture ${fixture.id} suggests L\\d instead of L4`));
  });

  it('imports and publishes as the operator, exports JSON and FHIR, and refuses to export a licensed model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-models-'));
    const env = { DATA_DIR: dir };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);
    const base = DEFAULT_MODELS[0];
    if (!base) throw new Error('TMA ships models');
    const own = { ...base, modelId: 'acme.checklist', contentHash: undefined };
    const file = path.join(dir, 'own.json');
    writeFileSync(file, JSON.stringify(own));
    const imported = await tma(['models', 'import', '--tenant', 'acme', '--file', file, '--publish'], env);
    expect(imported, imported.err.join('\n')).toMatchObject({
      code: 0,
      out: [`Published: acme.checklist version ${base.version} for acme.`],
    });
    const again = await tma(['models', 'import', '--tenant', 'acme', '--file', file], env);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toMatch(/exists already/);

    const out = path.join(dir, 'out.json');
    const exported = await tma(
      ['models', 'export', 'acme.checklist', base.version, '--tenant', 'acme', '--out', out],
      env,
    );
    expect(exported.code, exported.err.join('\n')).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      modelId: 'acme.checklist',
      status: 'active',
      contentHash: expect.stringMatching(/^sha256:/),
    });
    const fhir = await tma(
      ['models', 'export', base.modelId, base.version, '--tenant', 'acme', '--format', 'fhir'],
      env,
    );
    expect(fhir.code, fhir.err.join('\n')).toBe(0);
    expect(JSON.parse(fhir.out.join('\n'))).toMatchObject({ resourceType: 'Questionnaire' });

    const licensed = {
      ...own,
      modelId: 'acme.licensed',
      license: { type: 'proprietary', redistributable: false, exportAllowed: false },
    };
    writeFileSync(file, JSON.stringify(licensed));
    expect((await tma(['models', 'import', '--tenant', 'acme', '--file', file, '--publish'], env)).code).toBe(
      0,
    );
    const blocked = await tma(['models', 'export', 'acme.licensed', base.version, '--tenant', 'acme'], env);
    expect(blocked.code).toBe(1);
    expect(blocked.err.join('\n')).toMatch(/licence/);
  }, 180_000);
});
