import type { Command } from 'commander';
import type { Database } from '../../db/database.ts';
import { migrationStatus } from '../../db/migrate.ts';
import { Invalid } from '../../errors.ts';
import { ExtractFormatError } from '../../modules/audit/extract.ts';
import { linkAuditEvents } from '../../modules/audit/link.ts';
import { recordVerification } from '../../modules/audit/verification.ts';
import { type AuditChainAnchor, verifyAuditChain } from '../../modules/audit/verify.ts';
import { type ExtractVerification, verifyAuditExtract } from '../../modules/audit/verify-extract.ts';
import type { Tenant } from '../../modules/tenants/schemas.ts';
import { findTenantBySlug, listTenants } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

/** Some tenant's audit log failed verification (exit code 1; each tenant's line says where). */
class AuditChainBrokenError extends Error {
  override name = 'AuditChainBrokenError';
}

// Parsed in the action rather than by commander, so that the message reaches runCli's error output.
function parseAnchor(value: string): AuditChainAnchor {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(value.trim());
  const seq = Number(match?.[1]);
  if (!match?.[2] || !Number.isSafeInteger(seq) || seq < 1)
    throw new Invalid(
      'anchor_invalid',
      '--anchor must be <seq>:<hash> as printed by tma audit verify, e.g. 1234:9f86d081… (64 hex digits).',
    );
  return { seq, hash: match[2].toLowerCase() };
}

/** Registers the `tma audit …` commands. */
export function registerAuditCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const audit = program.command('audit').description('Check the append-only audit log (docs/audit-log.md)');
  audit
    .command('verify')
    .description(
      'Link the events recorded so far, recompute the hash chain of every tenant (or one) and report the ' +
        'first broken link. Exit code 0: all intact; 1: some log was changed, reordered or cut, or its ' +
        'events cannot be linked. Keep the printed head hashes elsewhere to detect a rewritten chain ' +
        'later (--anchor).',
    )
    .option('--tenant <slug>', 'verify only this tenant')
    .option(
      '--anchor <seq:hash>',
      'also require that event #seq still has this hash, as printed by an earlier run (needs --tenant)',
    )
    .option(
      '--extract <file.csv>',
      'check a CSV extract of the audit viewer: every row is an event of the chain, and its head is a head ' +
        'of the verified chain (needs --tenant)',
    )
    .option('--json', 'print one JSON object per tenant')
    .option(
      '--no-link',
      'do not link recorded events first (e.g. on a read-only replica): they are reported as pending',
    )
    .action(
      async (options: {
        tenant?: string;
        anchor?: string;
        extract?: string;
        json?: boolean;
        link: boolean;
      }) => {
        if (options.anchor !== undefined && options.tenant === undefined)
          throw new Invalid(
            'anchor_needs_tenant',
            '--anchor belongs to one tenant: give --tenant <slug> too.',
          );
        if (options.extract !== undefined && options.tenant === undefined)
          throw new Invalid(
            'extract_needs_tenant',
            '--extract belongs to one tenant: give --tenant <slug> too.',
          );
        if (options.extract !== undefined && options.anchor !== undefined)
          throw new Invalid('extract_with_anchor', '--extract carries its own head: leave out --anchor.');
        const anchor = options.anchor === undefined ? undefined : parseAnchor(options.anchor);
        await withOwnerDatabase(env, async (database) => {
          const { pending } = await migrationStatus(database);
          if (pending > 0)
            throw new Error(`the database schema is ${pending} migration(s) behind: run tma migrate first`);
          let tenants: Tenant[];
          if (options.tenant === undefined) {
            tenants = await listTenants(database.db);
            if (tenants.length === 0 && !options.json) out('No tenants yet: nothing to verify.');
          } else {
            const tenant = await findTenantBySlug(database.db, options.tenant);
            if (!tenant)
              throw new Invalid(
                'tenant_not_found',
                `There is no tenant with the slug "${options.tenant}" (see tma tenant list).`,
              );
            tenants = [tenant];
          }
          if (options.extract !== undefined && tenants[0]) {
            await verifyExtract(database, tenants[0], options.extract, options, out);
            return;
          }
          let broken = 0;
          for (const tenant of tenants) {
            // First link what is committed (waiting for a server's linker busy with the tenant), so that the
            // head printed covers every event recorded before the check.
            const linkError = options.link
              ? await linkAuditEvents(database, { tenantId: tenant.id, wait: true }).then(
                  () => undefined,
                  (error: Error) => error.message,
                )
              : undefined;
            const result = await verifyAuditChain(database, tenant.id, { anchor });
            // The audit viewer shows the last verification (not on a read-only replica: --no-link).
            if (options.link)
              await recordVerification(database, tenant.id, result, {
                mode: 'full',
                source: 'cli',
                at: new Date(),
              });
            if (!result.ok || linkError !== undefined) broken++;
            if (options.json) {
              out(
                JSON.stringify({
                  tenant: tenant.slug,
                  tenantId: tenant.id,
                  verifiedAt: new Date(),
                  ...result,
                  ...(linkError === undefined ? {} : { linkError }),
                }),
              );
              continue;
            }
            if (result.ok) {
              const head = result.events === 0 ? 'empty' : `head #${result.head.seq} ${result.head.hash}`;
              const { count, oldest } = result.pending;
              const pending =
                count === 0 ? '' : `; ${count} recorded since, not linked yet (oldest ${oldest})`;
              out(`${tenant.slug}: ${result.events} events, chain intact, ${head}${pending}`);
            } else {
              out(`${tenant.slug}: BROKEN at event #${result.seq}: ${result.message}`);
            }
            if (linkError !== undefined)
              out(`${tenant.slug}: recorded events cannot be linked into the chain: ${linkError}`);
          }
          if (broken > 0)
            throw new AuditChainBrokenError(
              `the audit log of ${broken} tenant${broken === 1 ? ' is' : 's are'} broken (see above)`,
            );
        });
      },
    );
}

/** `--extract`: the extract's rows and head against the tenant's chain, linked first (unless --no-link). */
async function verifyExtract(
  database: Database,
  tenant: Tenant,
  file: string,
  options: { json?: boolean; link: boolean },
  out: Out,
): Promise<void> {
  if (options.link) await linkAuditEvents(database, { tenantId: tenant.id, wait: true });
  let result: ExtractVerification;
  try {
    result = await verifyAuditExtract(database, tenant.id, file);
  } catch (error) {
    if (error instanceof ExtractFormatError)
      throw new Invalid('extract_invalid', `${file}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Invalid('extract_not_found', `There is no file ${file}.`);
    throw error;
  }
  if (options.link && result.ok)
    await recordVerification(database, tenant.id, result.chain, {
      mode: 'full',
      source: 'cli',
      at: new Date(),
    });
  if (options.json) {
    out(
      JSON.stringify({
        tenant: tenant.slug,
        tenantId: tenant.id,
        extract: file,
        verifiedAt: new Date(),
        ...result,
        chain: undefined,
      }),
    );
  } else if (result.ok) {
    const head =
      result.head.hash === null
        ? 'the log was empty'
        : `head #${result.head.seq} ${result.head.hash} confirmed`;
    out(`${tenant.slug}: extract of ${result.events} events matches the chain; ${head}`);
  } else out(`${tenant.slug}: extract does NOT match the chain: ${result.message}`);
  if (!result.ok)
    throw new AuditChainBrokenError(`the extract ${file} does not match the audit log (see above)`);
}
