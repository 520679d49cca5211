import { type Command, InvalidArgumentError } from 'commander';
import { migrateToLatest } from '../../db/migrate.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { Invalid } from '../../errors.ts';
import { USER_ROLES } from '../../modules/identity/schemas.ts';
import { setRequiredSecondFactorRoles } from '../../modules/identity/second-factor.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

/** `admin,threat_manager` → roles; `none` (or an empty value) → no role. */
function roleList(value: string): UserRole[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'none');
  for (const name of names)
    if (!(USER_ROLES as readonly string[]).includes(name))
      throw new InvalidArgumentError(`"${name}" is not a role (${USER_ROLES.join(', ')}, or none)`);
  return names as UserRole[];
}

/** Registers the tenant security policy commands under `tma tenant`. */
export function registerSecurityCommands(
  tenant: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  tenant
    .command('require-2fa')
    .description(
      'Require a second factor for users of these roles; they can do nothing but set one up until they have',
    )
    .argument('<slug>', 'the tenant')
    .requiredOption(
      '--roles <roles>',
      `comma-separated roles (${USER_ROLES.join(', ')}), or none to require it of no one`,
      roleList,
    )
    .action(async (slug: string, options: { roles: UserRole[] }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const found = await findTenantBySlug(database.db, slug);
        if (!found) throw new Invalid('tenant_not_found', `No tenant with the slug "${slug}".`);
        const roles = await setRequiredSecondFactorRoles(database, found.id, options.roles, {
          kind: 'operator',
        });
        out(
          roles.length > 0
            ? `${found.slug}: a second factor is now required for ${roles.join(', ')}.`
            : `${found.slug}: a second factor is now required for no role.`,
        );
      });
    });
}
