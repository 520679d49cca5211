import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { withTenant } from '../../db/tenant-transaction.ts';
import { lookUpExport } from '../../modules/case-report/service.ts';
import { listTenants } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

/** The file is not an unaltered export of any tenant (exit code 1). */
class ExportNotVerifiedError extends Error {
  override name = 'ExportNotVerifiedError';
}

async function sha256Of(file: string): Promise<Buffer> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest();
}

/** On whose behalf a certificate's object was deleted: the person who made it, the operator or a rule. */
function deletedBy(
  deletion: { deletedBy: 'user' | 'operator' | 'retention_policy'; retentionRule: string | null },
  exportedBy: string | null,
): string {
  if (deletion.deletedBy === 'operator') return 'the operator (tma)';
  if (deletion.deletedBy === 'retention_policy') return `retention policy, rule ${deletion.retentionRule}`;
  return exportedBy ?? '(unknown)';
}

/** Registers the `tma export …` commands. */
export function registerExportCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const exports = program
    .command('export')
    .description('Exports TMA hands out as records (case reports, deletion certificates)');
  exports
    .command('verify <file>')
    .description(
      'Tell whether a file is an unaltered TMA export: which tenant and case, who made it and when. The file ' +
        'is hashed (SHA-256) and looked up; nothing of any case is read. Exit code 0: verified; 1: not an ' +
        'unaltered export of this installation.',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const sha256 = await sha256Of(file);
      await withOwnerDatabase(env, async (database) => {
        for (const tenant of await listTenants(database.db)) {
          const { verification } = await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
            lookUpExport(trx, sha256),
          );
          if (!verification.verified || !verification.export) continue;
          const found = verification.export;
          if (options.json)
            out(JSON.stringify({ ...verification, tenant: tenant.slug, sha256: sha256.toString('hex') }));
          else
            out(
              [
                `Verified: an unaltered TMA export (SHA-256 ${sha256.toString('hex')}).`,
                ...(found.deletion
                  ? [
                      `  export     ${found.id} (deletion certificate, ${found.language})`,
                      `  tenant     ${tenant.slug}`,
                      `  deleted    ${found.deletion.objectType} ${found.deletion.reference}`,
                      `  made by    ${deletedBy(found.deletion, found.exportedBy)}`,
                      `  made at    ${found.exportedAt}`,
                    ]
                  : [
                      `  export     ${found.id} (case report, ${found.language}${found.namesIncluded ? ', with names' : ''})`,
                      `  tenant     ${tenant.slug}`,
                      `  case       ${found.caseReference ?? '(unknown)'}`,
                      `  made by    ${found.exportedBy ?? '(unknown)'}`,
                      `  made at    ${found.exportedAt}`,
                    ]),
              ].join('\n'),
            );
          return;
        }
        if (options.json)
          out(JSON.stringify({ verified: false, export: null, sha256: sha256.toString('hex') }));
        throw new ExportNotVerifiedError(
          `Not verified: no TMA export of this installation has this content (SHA-256 ${sha256.toString('hex')}). The file was altered, or was not made here.`,
        );
      });
    });
}
