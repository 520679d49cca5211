import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import graphene from 'graphene-pk11';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../../test/support/kms-endpoint.ts';
import {
  initSoftHsm,
  type SoftHsm,
  softHsmAvailable,
  softHsmLibrary,
} from '../../../test/support/softhsm.ts';
import { ConfigError, type KeyProviderConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { type KeyProvider, KeyUnwrapError, type WrapContext, type WrappedKey } from '../key-provider.ts';
import { createKeyProvider } from './index.ts';
import { prepareNextLocalMasterKey, promoteNextLocalMasterKey } from './local.ts';

/** A real pino logger whose JSON lines are kept for inspection. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

const silent = createLogger('silent');

// PKCS#11 tests need Debian's softhsm2. On a developer machine without it they are skipped with this
// reason; in CI they run regardless, so a missing package fails the build instead of hiding the tests.
const pkcs11SkipReason =
  softHsmAvailable() || process.env.CI === 'true'
    ? null
    : `SoftHSM2 is not installed (${softHsmLibrary}); \`apt-get install softhsm2\` to run the PKCS#11 tests`;

/** The AWS SDK's default chain reads these; the test KMS endpoint only checks that requests are signed. */
function useTestAwsCredentials(): () => void {
  const names = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_EC2_METADATA_DISABLED',
  ];
  const saved = names.map((name) => [name, process.env[name]] as const);
  process.env.AWS_ACCESS_KEY_ID = 'AKIATMATESTKEY000000';
  process.env.AWS_SECRET_ACCESS_KEY = randomBytes(30).toString('base64');
  delete process.env.AWS_SESSION_TOKEN;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

interface OpenedTarget {
  provider: KeyProvider;
  /** The same kind of provider holding a different master key, and not the provider's. */
  other: KeyProvider;
  /** The same kind of provider after a master key rotation: a new current key, the provider's still held. */
  successor: KeyProvider;
  masterKeyId: RegExp;
  teardown(): Promise<void>;
}

interface ContractTarget {
  name: KeyProvider['kind'];
  skip: string | null;
  open(): Promise<OpenedTarget>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const targets: ContractTarget[] = [
  {
    name: 'local',
    skip: null,
    open: async () => {
      const local = (masterKey: Buffer, previousMasterKeys: Buffer[] = []): KeyProviderConfig => ({
        kind: 'local',
        masterKey,
        generatedKeyFile: null,
        previousMasterKeys,
      });
      const masterKey = randomBytes(32);
      const provider = await createKeyProvider(local(masterKey), silent);
      const other = await createKeyProvider(local(randomBytes(32)), silent);
      const successor = await createKeyProvider(local(randomBytes(32), [masterKey]), silent);
      return {
        provider,
        other,
        successor,
        masterKeyId: /^local:[0-9a-f]{16}$/,
        teardown: async () => {
          await provider.close();
          await other.close();
          await successor.close();
        },
      };
    },
  },
  {
    name: 'pkcs11',
    skip: pkcs11SkipReason,
    open: async () => {
      const hsm = await initSoftHsm('tma-contract');
      // A second token beside it, set up before the module is loaded: a key there is out of reach.
      execFileSync(
        'softhsm2-util',
        ['--init-token', '--free', '--label', 'tma-contract-other', '--pin', hsm.pin, '--so-pin', hsm.soPin],
        { stdio: 'ignore' },
      );
      const config = (keyLabel: string, tokenLabel = hsm.tokenLabel): KeyProviderConfig => ({
        kind: 'pkcs11',
        library: hsm.library,
        tokenLabel,
        pin: hsm.pin,
        keyLabel,
      });
      const provider = await createKeyProvider(config('tma-master'), silent);
      const other = await createKeyProvider(config('tma-master', 'tma-contract-other'), silent);
      const successor = await createKeyProvider(config('tma-master-2'), silent);
      return {
        provider,
        other,
        successor,
        masterKeyId: /^pkcs11:tma-contract\/tma-master\/[0-9a-f]{16}$/,
        teardown: async () => {
          await provider.close();
          await other.close();
          await successor.close();
          await hsm.cleanup();
        },
      };
    },
  },
  {
    name: 'aws-kms',
    skip: null,
    open: async () => {
      const restoreCredentials = useTestAwsCredentials();
      const kms = await startKmsEndpoint();
      const config = (keyId: string): KeyProviderConfig => ({
        kind: 'aws-kms',
        keyId,
        region: kms.region,
        endpoint: kms.endpoint,
      });
      // Another KMS (another account or region): its keys cannot decrypt this one's ciphertexts.
      const otherKms = await startKmsEndpoint({ accountId: '444455556666' });
      const provider = await createKeyProvider(config(kms.keyArn), silent);
      const other = await createKeyProvider(
        { kind: 'aws-kms', keyId: otherKms.keyArn, region: otherKms.region, endpoint: otherKms.endpoint },
        silent,
      );
      const successor = await createKeyProvider(config(kms.addKey()), silent);
      return {
        provider,
        other,
        successor,
        masterKeyId: new RegExp(`^${escapeRegExp(kms.keyArn)}$`),
        teardown: async () => {
          await provider.close();
          await other.close();
          await successor.close();
          await kms.close();
          await otherKms.close();
          restoreCredentials();
        },
      };
    },
  },
];

const context = { tenant: '4f6c1c1e-2a7e-4d8c-9d55-0b7f0d9a1e21', purpose: 'tenant-key', version: '1' };

describe.each(targets)('key provider contract: $name', (target) => {
  if (target.skip) {
    it.skip(`skipped: ${target.skip}`, () => {});
    return;
  }
  let opened: OpenedTarget;
  beforeAll(async () => {
    opened = await target.open();
  });
  afterAll(async () => {
    await opened?.teardown();
  });

  it('generates 32 random bytes whose wrapped form unwraps to the same bytes', async () => {
    const first = await opened.provider.generateKey(context);
    const second = await opened.provider.generateKey(context);
    expect(first.plaintext).toHaveLength(32);
    expect(first.plaintext.equals(second.plaintext)).toBe(false);
    expect(first.plaintext.equals(Buffer.alloc(32))).toBe(false);
    expect(first.wrapped.provider).toBe(target.name);
    expect(first.wrapped.masterKeyId).toMatch(opened.masterKeyId);
    expect(first.wrapped.ciphertext.includes(first.plaintext)).toBe(false);
    expect((await opened.provider.unwrapKey(first.wrapped, context)).equals(first.plaintext)).toBe(true);
  });

  it('wraps and unwraps an existing key, with a fresh ciphertext each time', async () => {
    const key = randomBytes(32);
    const once = await opened.provider.wrapKey(key, context);
    const twice = await opened.provider.wrapKey(key, context);
    expect(once.ciphertext.equals(twice.ciphertext)).toBe(false);
    expect((await opened.provider.unwrapKey(once, context)).equals(key)).toBe(true);
    // The order of the context's properties does not matter, only its content.
    const reordered = { version: '1', purpose: 'tenant-key', tenant: context.tenant };
    expect((await opened.provider.unwrapKey(twice, reordered)).equals(key)).toBe(true);
  });

  it('refuses to wrap anything but a 256-bit key', async () => {
    await expect(opened.provider.wrapKey(randomBytes(16), context)).rejects.toThrow(/256-bit/);
  });

  it('fails with KeyUnwrapError under a different context', async () => {
    const { wrapped } = await opened.provider.generateKey(context);
    const differentContexts: WrapContext[] = [
      { ...context, version: '2' },
      { ...context, tenant: '00000000-0000-4000-8000-000000000000' },
      { ...context, extra: 'x' },
      { tenant: context.tenant, purpose: context.purpose },
      {},
    ];
    for (const different of differentContexts) {
      await expect(opened.provider.unwrapKey(wrapped, different)).rejects.toBeInstanceOf(KeyUnwrapError);
    }
  });

  it('fails with KeyUnwrapError when any byte of the ciphertext is flipped', async () => {
    const { wrapped } = await opened.provider.generateKey(context);
    for (let index = 0; index < wrapped.ciphertext.length; index++) {
      const ciphertext = Buffer.from(wrapped.ciphertext);
      ciphertext[index] = (ciphertext[index] ?? 0) ^ 0x01;
      await expect(opened.provider.unwrapKey({ ...wrapped, ciphertext }, context)).rejects.toBeInstanceOf(
        KeyUnwrapError,
      );
    }
    await expect(
      opened.provider.unwrapKey({ ...wrapped, ciphertext: wrapped.ciphertext.subarray(0, 20) }, context),
    ).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('cannot be unwrapped by a provider holding a different master key', async () => {
    const { wrapped } = await opened.provider.generateKey(context);
    await expect(opened.other.unwrapKey(wrapped, context)).rejects.toBeInstanceOf(KeyUnwrapError);
    // Even with the stored key id forged to name the other master key, the cryptography refuses.
    const otherId = (await opened.other.wrapKey(randomBytes(32), context)).masterKeyId;
    expect(otherId).not.toBe(wrapped.masterKeyId);
    const forged: WrappedKey = { ...wrapped, masterKeyId: otherId };
    await expect(opened.other.unwrapKey(forged, context)).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('after a master key rotation, unwraps under the older key it still holds and wraps under the new one', async () => {
    const key = randomBytes(32);
    const before = await opened.provider.wrapKey(key, context);
    const { successor } = opened;
    expect(successor.masterKeyId).not.toBe(opened.provider.masterKeyId);
    expect(await successor.holdsMasterKey(before.masterKeyId)).toBe(true);
    expect(await successor.holdsMasterKey(successor.masterKeyId)).toBe(true);
    expect((await successor.unwrapKey(before, context)).equals(key)).toBe(true);
    const after = await successor.wrapKey(key, context);
    expect(after.masterKeyId).toBe(successor.masterKeyId);
    expect(after.masterKeyId).not.toBe(before.masterKeyId);
    expect((await successor.unwrapKey(after, context)).equals(key)).toBe(true);
    expect(await opened.other.holdsMasterKey(before.masterKeyId)).toBe(false);
    if (target.name === 'local') {
      // A local provider holds only the keys it is given: an instance still on the old key cannot read.
      await expect(opened.provider.unwrapKey(after, context)).rejects.toBeInstanceOf(KeyUnwrapError);
    } else {
      // The token or KMS holds both keys: an instance still configured with the old one reads both.
      expect((await opened.provider.unwrapKey(after, context)).equals(key)).toBe(true);
    }
  });

  it('refuses a key wrapped by another kind of provider', async () => {
    const { wrapped } = await opened.provider.generateKey(context);
    const kind = target.name === 'local' ? 'aws-kms' : 'local';
    await expect(opened.provider.unwrapKey({ ...wrapped, provider: kind }, context)).rejects.toThrow(
      KeyUnwrapError,
    );
  });
});

describe('local key provider: generated key file', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'tma-local-key-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });
  const fromFile = (file: string): KeyProviderConfig => ({
    kind: 'local',
    masterKey: null,
    generatedKeyFile: file,
  });

  it('creates the file (and its folder) with mode 0600, warns once without the key, and reuses it', async () => {
    const file = path.join(folder, 'new', 'data', 'master.key');
    const first = capturingLogger();
    const provider = await createKeyProvider(fromFile(file), first.logger);
    const wrapped = await provider.wrapKey(Buffer.alloc(32, 7), context);
    await provider.close();

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    const key = Buffer.from(text, 'base64');

    const warnings = first.lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/back.*up/i);
    expect(warnings[0].msg).toMatch(/apart from the database/);
    for (const line of first.lines) {
      expect(line).not.toContain(key.toString('base64'));
      expect(line).not.toContain(key.toString('hex'));
    }

    const second = capturingLogger();
    const reopened = await createKeyProvider(fromFile(file), second.logger);
    expect(second.lines.filter((line) => JSON.parse(line).level >= 40)).toEqual([]);
    expect((await reopened.unwrapKey(wrapped, context)).equals(Buffer.alloc(32, 7))).toBe(true);
    await reopened.close();
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('creates exactly one key when two starts race for the file', async () => {
    const file = path.join(folder, 'race', 'master.key');
    const { logger, lines } = capturingLogger();
    const [a, b] = await Promise.all([
      createKeyProvider(fromFile(file), logger),
      createKeyProvider(fromFile(file), logger),
    ]);
    const wrapped = await a.wrapKey(randomBytes(32), context);
    expect(wrapped.masterKeyId).toBe((await b.wrapKey(randomBytes(32), context)).masterKeyId);
    expect(lines.filter((line) => JSON.parse(line).level === 40)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('accepts a read-only file (0400) and refuses one that group or others can read', async () => {
    const file = path.join(folder, 'modes.key');
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o400 });
    await (await createKeyProvider(fromFile(file), silent)).close();
    for (const mode of [0o640, 0o604, 0o660]) {
      await chmod(file, mode);
      const opening = createKeyProvider(fromFile(file), silent);
      await expect(opening).rejects.toBeInstanceOf(ConfigError);
      await expect(opening).rejects.toThrow(/group or others.*chmod 600/);
    }
  });

  it('refuses a file that does not hold exactly 32 bytes of base64', async () => {
    const file = path.join(folder, 'bad.key');
    for (const content of [
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      `${randomBytes(32).toString('hex')}\n`,
      '',
    ]) {
      await writeFile(file, content, { mode: 0o600 });
      await expect(createKeyProvider(fromFile(file), silent)).rejects.toThrow(/exactly 32 bytes/);
    }
  });

  it('rotates the generated key file: a next key beside it, then the old one kept as master.key.<id>', async () => {
    const file = path.join(folder, 'rotating', 'master.key');
    const first = await createKeyProvider(fromFile(file), silent);
    const before = await first.wrapKey(Buffer.alloc(32, 3), context);
    await first.close();
    const oldText = await readFile(file, 'utf8');

    const nextId = await prepareNextLocalMasterKey(file);
    expect(await prepareNextLocalMasterKey(file)).toBe(nextId); // an interrupted run reuses it
    const during = await createKeyProvider(fromFile(file), silent, { useNextKey: true });
    expect(during.masterKeyId).toBe(nextId);
    expect((await during.unwrapKey(before, context)).equals(Buffer.alloc(32, 3))).toBe(true);
    const after = await during.wrapKey(Buffer.alloc(32, 3), context);
    await during.close();
    // An instance started meanwhile on the current file opens keys wrapped by either.
    const meanwhile = await createKeyProvider(fromFile(file), silent);
    expect(meanwhile.masterKeyId).toBe(before.masterKeyId);
    expect((await meanwhile.unwrapKey(after, context)).equals(Buffer.alloc(32, 3))).toBe(true);
    await meanwhile.close();

    const { retiredFile } = await promoteNextLocalMasterKey(file);
    expect(retiredFile).toBe(`${file}.${before.masterKeyId.slice('local:'.length)}`);
    expect(await readFile(retiredFile as string, 'utf8')).toBe(oldText);
    expect((await stat(retiredFile as string)).mode & 0o777).toBe(0o600);
    expect(await promoteNextLocalMasterKey(file)).toEqual({ retiredFile: null }); // nothing left to do
    const promoted = await createKeyProvider(fromFile(file), silent, { createMasterKey: false });
    expect(promoted.masterKeyId).toBe(nextId);
    expect(await promoted.holdsMasterKey(before.masterKeyId)).toBe(true);
    expect((await promoted.unwrapKey(before, context)).equals(Buffer.alloc(32, 3))).toBe(true);
    await promoted.close();
  });

  it('does not create a key file when told the database holds keys already', async () => {
    const file = path.join(folder, 'not-created', 'master.key');
    await expect(createKeyProvider(fromFile(file), silent, { createMasterKey: false })).rejects.toThrow(
      ConfigError,
    );
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('uses a configured master key, whose id is a fingerprint that does not reveal it', async () => {
    const masterKey = randomBytes(32);
    const provider = await createKeyProvider({ kind: 'local', masterKey, generatedKeyFile: null }, silent);
    const { wrapped } = await provider.generateKey(context);
    expect(wrapped.masterKeyId).not.toContain(masterKey.toString('hex').slice(0, 16));
    const again = await createKeyProvider({ kind: 'local', masterKey, generatedKeyFile: null }, silent);
    expect((await again.wrapKey(randomBytes(32), context)).masterKeyId).toBe(wrapped.masterKeyId);
    await provider.close();
    await expect(provider.unwrapKey(wrapped, context)).rejects.toThrow(/closed/);
    // Closing wipes the provider's own copy, never the configuration's buffer.
    expect(masterKey.equals(Buffer.alloc(32))).toBe(false);
    await again.close();
  });
});

describe.skipIf(pkcs11SkipReason !== null)('pkcs11 key provider: the key on the token', () => {
  let hsm: SoftHsm;
  beforeAll(async () => {
    hsm = await initSoftHsm('tma-specific');
  });
  afterAll(async () => {
    await hsm?.cleanup();
  });
  const config = (
    overrides: Partial<Extract<KeyProviderConfig, { kind: 'pkcs11' }>> = {},
  ): KeyProviderConfig => ({
    kind: 'pkcs11',
    library: hsm.library,
    tokenLabel: hsm.tokenLabel,
    pin: hsm.pin,
    keyLabel: 'tma-master',
    ...overrides,
  });

  /** Opens the token directly (no provider may be open meanwhile: finalizing ends every session). */
  function inspectToken<T>(look: (session: graphene.Session) => T): T {
    const module = graphene.Module.load(hsm.library, 'inspect');
    module.initialize();
    try {
      const slots = module.getSlots(true);
      for (let index = 0; index < slots.length; index++) {
        const slot = slots.items(index);
        if (slot.getToken().label !== hsm.tokenLabel) continue;
        const session = slot.open(graphene.SessionFlag.SERIAL_SESSION);
        session.login(hsm.pin);
        try {
          return look(session);
        } finally {
          session.logout();
          session.close();
        }
      }
      throw new Error('token not found');
    } finally {
      module.finalize();
      module.close();
    }
  }

  it('generates a sensitive, non-extractable token key once and finds it on the next open', async () => {
    const first = await createKeyProvider(config(), silent);
    const { plaintext, wrapped } = await first.generateKey(context);
    await first.close();

    const attributes = inspectToken((session) => {
      const keys = session.find({ class: graphene.ObjectClass.SECRET_KEY, label: 'tma-master' });
      expect(keys.length).toBe(1);
      const key = keys.items(0);
      expect(() => key.getAttribute('value')).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      return key.getAttribute({
        extractable: null,
        sensitive: null,
        neverExtractable: null,
        alwaysSensitive: null,
        token: null,
        private: null,
        valueLen: null,
        id: null,
      });
    });
    expect(attributes).toMatchObject({
      extractable: false,
      sensitive: true,
      neverExtractable: true,
      alwaysSensitive: true,
      token: true,
      private: true,
      valueLen: 32,
    });
    expect(wrapped.masterKeyId).toBe(
      `pkcs11:tma-specific/tma-master/${Buffer.from(attributes.id ?? []).toString('hex')}`,
    );

    const second = await createKeyProvider(config(), silent);
    expect((await second.unwrapKey(wrapped, context)).equals(plaintext)).toBe(true);
    expect((await second.wrapKey(randomBytes(32), context)).masterKeyId).toBe(wrapped.masterKeyId);
    await second.close();
    expect(
      inspectToken(
        (session) => session.find({ class: graphene.ObjectClass.SECRET_KEY, label: 'tma-master' }).length,
      ),
    ).toBe(1);
  });

  it('names a wrong PIN in one clear message, without the PIN', async () => {
    const wrongPin = `${hsm.pin}0`;
    const opening = createKeyProvider(config({ pin: wrongPin }), silent);
    await expect(opening).rejects.toBeInstanceOf(ConfigError);
    const message = await opening.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message).toBe(
      'PKCS#11: cannot log in to token "tma-specific": the PIN is wrong (CKR_PIN_INCORRECT); check TMA_PKCS11_PIN',
    );
    // The failed attempt left nothing half-open: the right PIN still works.
    await (await createKeyProvider(config(), silent)).close();
  });

  it('names a missing token and a missing module', async () => {
    await expect(createKeyProvider(config({ tokenLabel: 'absent' }), silent)).rejects.toThrow(
      /^PKCS#11: no token labelled "absent" in .*libsofthsm2\.so \(tokens present: "tma-specific"\)$/,
    );
    await expect(createKeyProvider(config({ library: '/nonexistent/libpkcs11.so' }), silent)).rejects.toThrow(
      /^PKCS#11: cannot load the module \/nonexistent\/libpkcs11\.so/,
    );
  });
});

describe('aws-kms key provider: talking to KMS', () => {
  let kms: KmsEndpoint;
  let restoreCredentials: () => void;
  beforeAll(async () => {
    restoreCredentials = useTestAwsCredentials();
    kms = await startKmsEndpoint();
  });
  afterAll(async () => {
    await kms?.close();
    restoreCredentials?.();
  });
  const config = (keyId: string, endpoint = kms.endpoint): KeyProviderConfig => ({
    kind: 'aws-kms',
    keyId,
    region: kms.region,
    endpoint,
  });

  it('the test endpoint refuses requests that are not SigV4-signed', async () => {
    const response = await fetch(kms.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey' },
      body: JSON.stringify({ KeyId: kms.keyArn }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('uses GenerateDataKey, Encrypt and Decrypt, and records the ARN that KMS reports for an alias', async () => {
    const provider = await createKeyProvider(config('alias/tma-test'), silent);
    kms.operations.length = 0;
    const { plaintext, wrapped } = await provider.generateKey(context);
    await provider.wrapKey(plaintext, context);
    expect(wrapped.masterKeyId).toBe(kms.keyArn);
    expect((await provider.unwrapKey(wrapped, context)).equals(plaintext)).toBe(true);
    expect(kms.operations).toEqual(['GenerateDataKey', 'Encrypt', 'Decrypt']);
    await provider.close();
  });

  it('refuses at start a key that KMS does not know, as a configuration error', async () => {
    const missing = kms.keyArn.replace(/key\/.*/, 'key/00000000-0000-4000-8000-000000000000');
    const opening = createKeyProvider(config(missing), silent);
    await expect(opening).rejects.toBeInstanceOf(ConfigError);
    await expect(opening).rejects.toThrow(/TMA_AWS_KMS_KEY_ID: .*NotFoundException/);
  });

  it('names KMS and the operation when KMS cannot be reached, never the key', async () => {
    const unreachable = await startKmsEndpoint();
    const provider = await createKeyProvider(config(unreachable.keyArn, unreachable.endpoint), silent);
    await unreachable.close();
    const key = randomBytes(32);
    const failure = await provider.wrapKey(key, context).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(KeyUnwrapError);
    expect(failure?.message).toMatch(/^AWS KMS Encrypt failed: /);
    expect(failure?.message).not.toContain(key.toString('base64'));
    await provider.close();
  });
});
