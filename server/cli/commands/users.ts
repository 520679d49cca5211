import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { type Command, Option } from 'commander';
import type { Database } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { ExpertSpecialty, UserRole } from '../../db/schema-identity.ts';
import { Invalid } from '../../errors.ts';
import { checkPasswordPolicy } from '../../modules/identity/passwords.ts';
import { EXPERT_SPECIALTIES, USER_ROLES } from '../../modules/identity/schemas.ts';
import { resetSecondFactor } from '../../modules/identity/second-factor.ts';
import {
  createUser,
  deactivateUser,
  listTenantUsers,
  normaliseEmail,
} from '../../modules/identity/service.ts';
import type { Tenant } from '../../modules/tenants/schemas.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { type Out, withOwnerDatabase } from '../context.ts';

async function tenantBySlug(database: Database, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(database.db, slug);
  if (!tenant) throw new Invalid('tenant_not_found', `No tenant with the slug "${slug}".`);
  return tenant;
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.once('line', (line) => {
      rl.close();
      process.stderr.write('\n');
      resolve(line);
    });
  });
}

/** Reads the first line of standard input (for scripts piping a password in). */
async function firstLineOfStdin(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/** Where the password is typed: the terminal, unless a test stands in for it. */
export interface PasswordTerminal {
  isTTY: boolean;
  prompt: (prompt: string) => Promise<string>;
}

const processTerminal: PasswordTerminal = {
  get isTTY() {
    return process.stdin.isTTY === true;
  },
  prompt: promptHidden,
};

/**
 * The new user's password: from a file, from the terminal (typed twice), or from standard input. `check`
 * is the password policy: at the terminal it runs right after the first entry, so that a weak password is
 * refused before it is typed again (createUser checks it once more in any case).
 */
export async function readPassword(
  passwordFile: string | undefined,
  check: (password: string) => void,
  terminal: PasswordTerminal = processTerminal,
): Promise<string> {
  if (passwordFile !== undefined) {
    let text: string;
    try {
      text = await readFile(passwordFile, 'utf8');
    } catch (error) {
      throw new Invalid(
        'password_file_unreadable',
        `Cannot read ${passwordFile}: ${(error as Error).message}`,
      );
    }
    return text.replace(/\r?\n$/, '');
  }
  if (terminal.isTTY) {
    const first = await terminal.prompt('Password: ');
    check(first);
    const second = await terminal.prompt('Password again: ');
    if (first !== second) throw new Invalid('password_mismatch', 'The two passwords differ.');
    return first;
  }
  return firstLineOfStdin();
}

/** Registers `tma user …`: create, deactivate, reset-2fa and list a tenant's users. */
export function registerUserCommands(
  program: Command,
  out: Out,
  env: Record<string, string | undefined>,
): void {
  const user = program.command('user').description('Manage the users of a tenant');

  user
    .command('create')
    .description(
      'Create a user with a password (from --password-file, a prompt, or the first line of standard input)',
    )
    .requiredOption('--tenant <slug>', 'the tenant')
    .requiredOption('--email <email>', 'the login e-mail address (stored lower-case)')
    .addOption(new Option('--role <role>', 'the role').choices(USER_ROLES).makeOptionMandatory())
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .addOption(new Option('--specialty <specialty>', 'an expert’s specialty').choices(EXPERT_SPECIALTIES))
    .option('--tenant-wide', 'a threat manager who sees the cases of every unit')
    .option('--password-file <file>', 'read the password from this file (one line)')
    .option('--json', 'print the user as JSON')
    .action(
      async (options: {
        tenant: string;
        email: string;
        role: UserRole;
        name?: string;
        specialty?: ExpertSpecialty;
        tenantWide?: boolean;
        passwordFile?: string;
        json?: boolean;
      }) => {
        // The same inputs as createUser counts as guessable: the e-mail and the (default) name.
        const email = normaliseEmail(options.email);
        const name = (options.name ?? email.split('@')[0] ?? email).trim();
        const password = await readPassword(options.passwordFile, (typed) =>
          checkPasswordPolicy(typed, [email, name]),
        );
        await withOwnerDatabase(env, async (database) => {
          await migrateToLatest(database);
          const tenant = await tenantBySlug(database, options.tenant);
          const created = await createUser(
            database,
            tenant.id,
            {
              email: options.email,
              displayName: options.name,
              role: options.role,
              specialty: options.specialty ?? null,
              tenantWide: options.tenantWide ?? false,
              password,
            },
            { kind: 'operator' },
          );
          out(
            options.json
              ? JSON.stringify(created)
              : `Created ${created.role} ${created.email} in ${tenant.slug}, id ${created.id}`,
          );
        });
      },
    );

  user
    .command('deactivate')
    .description('Deactivate a user and end all their sessions')
    .requiredOption('--tenant <slug>', 'the tenant')
    .requiredOption('--email <email>', 'the user’s e-mail address')
    .action(async (options: { tenant: string; email: string }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenant = await tenantBySlug(database, options.tenant);
        const { user: deactivated, sessionsRevoked } = await deactivateUser(
          database,
          tenant.id,
          options.email,
          { kind: 'operator' },
        );
        out(`Deactivated ${deactivated.email} in ${tenant.slug}; ${sessionsRevoked} sessions ended.`);
      });
    });

  user
    .command('reset-2fa')
    .description(
      'Remove a user’s two-step sign-in (TOTP and recovery codes) and end their sessions, e.g. after a lost phone',
    )
    .requiredOption('--tenant <slug>', 'the tenant')
    .requiredOption('--email <email>', 'the user’s e-mail address')
    .action(async (options: { tenant: string; email: string }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenant = await tenantBySlug(database, options.tenant);
        const { removed, sessionsRevoked } = await resetSecondFactor(database, tenant.id, options.email, {
          kind: 'operator',
        });
        out(
          `${removed ? 'Removed the second factor of' : 'No second factor was set up for'} ${options.email.trim().toLowerCase()} in ${tenant.slug}; ${sessionsRevoked} sessions ended.`,
        );
      });
    });

  user
    .command('list')
    .description('List the users of a tenant')
    .requiredOption('--tenant <slug>', 'the tenant')
    .option('--json', 'print the users as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withOwnerDatabase(env, async (database) => {
        await migrateToLatest(database);
        const tenant = await tenantBySlug(database, options.tenant);
        const users = await listTenantUsers(database, tenant.id);
        if (options.json) return out(JSON.stringify(users));
        if (users.length === 0)
          return out(`No users in ${tenant.slug} yet. Create one with: tma user create`);
        for (const u of users) {
          const role = u.specialty
            ? `${u.role}/${u.specialty}`
            : u.tenantWide
              ? `${u.role}/all-units`
              : u.role;
          out(`${u.email.padEnd(32)} ${role.padEnd(26)} ${u.status.padEnd(12)} ${u.id}  ${u.displayName}`);
        }
      });
    });
}
