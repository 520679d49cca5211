import type { Command } from 'commander';
import type { Database } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { Invalid } from '../../errors.ts';
import type { Tenant } from '../../modules/tenants/schemas.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { createUnit, listUnits, setUserUnits } from '../../modules/units/service.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

async function tenantBySlug(database: Database, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(database.db, slug);
  if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${slug}".`);
  return tenant;
}

const operator = { kind: 'operator' } as const;

/** Registers `tma unit create|list` and `tma user set-units`. */
export function registerUnitCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const unit = program.command('unit').description('Manage the organisational units of a tenant');

  unit
    .command('create')
    .description('Create a unit (a country or business unit); --parent makes it a child of a top-level unit')
    .argument('<slug>', 'short name: lower-case letters, digits and hyphens, 1–40 characters')
    .requiredOption('--tenant <slug>', 'the tenant')
    .requiredOption('--name <name>', 'display name of the unit')
    .option('--parent <slug>', 'the parent unit (itself top-level)')
    .option('--json', 'print the unit as JSON')
    .action(
      async (slug: string, options: { tenant: string; name: string; parent?: string; json?: boolean }) => {
        await withOwnerDatabase(env, async (database) => {
          await migrateToLatest(database);
          const tenant = await tenantBySlug(database, options.tenant);
          const created = await createUnit(
            database,
            tenant.id,
            {
              slug,
              name: options.name,
              ...(options.parent === undefined ? {} : { parentSlug: options.parent }),
            },
            operator,
          );
          out(
            options.json
              ? JSON.stringify(created)
              : `Created unit ${created.slug} (${created.name}) in ${tenant.slug}, id ${created.id}`,
          );
        });
      },
    );

  unit
    .command('list')
    .description('List the units of a tenant, by name')
    .requiredOption('--tenant <slug>', 'the tenant')
    .option('--json', 'print the units as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenant = await tenantBySlug(database, options.tenant);
        const units = await listUnits(database, tenant.id, operator);
        if (options.json) return out(JSON.stringify(units));
        if (units.length === 0)
          return out(
            `No units in ${tenant.slug} yet. Create one with: tma unit create --tenant <slug> <unit>`,
          );
        const slugOf = new Map(units.map((u) => [u.id, u.slug]));
        for (const u of units) {
          const parent = u.parentId ? `in ${slugOf.get(u.parentId) ?? u.parentId}` : '';
          out(`${u.slug.padEnd(24)} ${parent.padEnd(28)} ${u.id}  ${u.name}`);
        }
      });
    });

  const user = program.commands.find((command) => command.name() === 'user');
  if (!user) throw new Error('register the user commands before the unit commands');
  user
    .command('set-units')
    .description("Set the units a user belongs to, replacing the previous ones (--units '' clears them)")
    .requiredOption('--tenant <slug>', 'the tenant')
    .requiredOption('--email <email>', 'the user’s e-mail address')
    .requiredOption('--units <slugs>', 'comma-separated unit slugs, e.g. de,fr')
    .action(async (options: { tenant: string; email: string; units: string }) => {
      const slugs = options.units
        .split(',')
        .map((slug) => slug.trim())
        .filter((slug) => slug !== '');
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenant = await tenantBySlug(database, options.tenant);
        const { unitIds } = await setUserUnits(
          database,
          tenant.id,
          { email: options.email },
          { slugs },
          operator,
        );
        const email = options.email.trim().toLowerCase();
        out(
          unitIds.length === 0
            ? `${email} in ${tenant.slug} now belongs to no unit.`
            : `${email} in ${tenant.slug} now belongs to: ${slugs.join(', ')}`,
        );
      });
    });
}
