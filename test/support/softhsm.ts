import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's softhsm2 package puts its PKCS#11 module here. */
export const softHsmLibrary = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsm {
  library: string;
  tokenLabel: string;
  pin: string;
  soPin: string;
  /** Deletes the token folder and restores SOFTHSM2_CONF. Close every provider on the token first. */
  cleanup(): Promise<void>;
}

/** Whether the SoftHSM2 module and its `softhsm2-util` are installed (`apt-get install softhsm2`). */
export function softHsmAvailable(): boolean {
  if (!existsSync(softHsmLibrary)) return false;
  return spawnSync('softhsm2-util', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A fresh SoftHSM2 token in a temporary folder, with random PINs. SoftHSM reads SOFTHSM2_CONF when the
 * module is initialized, so set it up before opening any provider, and let every provider close before
 * cleanup (the module is then finalized and the next token's config is read afresh).
 */
export async function initSoftHsm(tokenLabel = 'tma-test'): Promise<SoftHsm> {
  if (!softHsmAvailable()) {
    throw new Error(`SoftHSM2 is not installed (${softHsmLibrary}, softhsm2-util): apt-get install softhsm2`);
  }
  const folder = await mkdtemp(path.join(tmpdir(), 'tma-softhsm-'));
  const tokenDir = path.join(folder, 'tokens');
  const configFile = path.join(folder, 'softhsm2.conf');
  await writeFile(
    configFile,
    [
      `directories.tokendir = ${tokenDir}`,
      'objectstore.backend = file',
      'log.level = ERROR',
      'slots.removable = false',
      '',
    ].join('\n'),
  );
  await mkdir(tokenDir, { mode: 0o700 });
  const pin = randomBytes(6).toString('hex');
  const soPin = randomBytes(6).toString('hex');
  const previousConf = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = configFile;
  try {
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', tokenLabel, '--pin', pin, '--so-pin', soPin],
      { env: { ...process.env, SOFTHSM2_CONF: configFile }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    process.env.SOFTHSM2_CONF = previousConf;
    await rm(folder, { recursive: true, force: true });
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    throw new Error(`softhsm2-util --init-token failed: ${stderr.trim() || (error as Error).message}`);
  }
  return {
    library: softHsmLibrary,
    tokenLabel,
    pin,
    soPin,
    cleanup: async () => {
      if (previousConf === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = previousConf;
      await rm(folder, { recursive: true, force: true });
    },
  };
}
