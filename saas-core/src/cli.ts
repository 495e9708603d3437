import fs from 'node:fs';
import { Command } from 'commander';
import { createAccountWithOwner } from './accounts/commands/create-account';
import { apiDocument, closeServices, createServices } from './app';
import { ConfigError, loadConfig, loadPublicUrl } from './platform/config';
import { migrateLatest } from './platform/db';
import type { Services } from './platform/http/types';
import type { Actor } from './platform/tenancy/actor';
import { accountScope } from './platform/tenancy/scope';
import { seedDemo } from './seed-demo';
import { createApiKey } from './sites/commands/manage-sites';
import { Site } from './sites/models';

async function withServices(work: (services: Services) => Promise<void>): Promise<void> {
  const services = createServices(loadConfig(), {});
  try {
    await migrateLatest(services.knex);
    await work(services);
  } finally {
    await closeServices(services);
  }
}

const program = new Command('igny8').description('IGNY8 core administration');

program
  .command('migrate')
  .description('Apply pending database migrations (or roll back the last batch)')
  .option('--rollback', 'roll back the last batch')
  .action(async (options: { rollback?: boolean }) => {
    const services = createServices(loadConfig());
    try {
      if (options.rollback) {
        const [, rolledBack] = (await services.knex.migrate.rollback()) as [number, string[]];
        process.stdout.write(`Rolled back ${rolledBack.length} migration(s).\n`);
      } else {
        const applied = await migrateLatest(services.knex);
        process.stdout.write(applied.length ? `Applied:\n${applied.map((name) => `  ${name}`).join('\n')}\n` : 'Database is up to date.\n');
      }
    } finally {
      await closeServices(services);
    }
  });

program
  .command('create-account')
  .description('Create an account with its owner, on the default plan unless --plan says otherwise')
  .requiredOption('--name <name>', 'account name')
  .requiredOption('--email <email>', 'owner email')
  .requiredOption('--password <password>', 'owner password (8+ characters)')
  .option('--plan <slug>', 'plan slug (free, starter, growth, scale)')
  .option('--system', 'mark as a system account (cannot be deleted)')
  .option('--developer', 'make the first user a developer instead of an owner')
  .action(async (options: { name: string; email: string; password: string; plan?: string; system?: boolean; developer?: boolean }) => {
    if (options.password.length < 8) throw new ConfigError(['--password: use at least 8 characters']);
    await withServices(async ({ knex }) => {
      const { account, owner } = await createAccountWithOwner(knex, {
        accountName: options.name,
        email: options.email.trim().toLowerCase(),
        password: options.password,
        ...(options.plan ? { planSlug: options.plan } : {}),
        isSystem: options.system ?? false,
        ownerRole: options.developer ? 'developer' : 'owner',
      });
      process.stdout.write(`Created account #${account.id} "${account.name}" with ${owner.role} ${owner.email} (user #${owner.id}).\n`);
    });
  });

program
  .command('create-api-key')
  .description('Create a site API key for the WordPress bridge and print it once')
  .requiredOption('--site <id>', 'site id')
  .option('--name <name>', 'a label for the key', 'WordPress bridge')
  .action(async (options: { site: string; name: string }) => {
    await withServices(async ({ knex }) => {
      const site = await Site.query(knex).unscoped('the CLI operator names the site').findById(Number(options.site));
      if (!site) throw new ConfigError([`--site: no site #${options.site}`]);
      const actor: Actor = { kind: 'user', accountId: site.accountId, role: 'owner', userId: null };
      const { apiKey, key } = await createApiKey(knex, actor, accountScope(site.accountId), site.id, options.name);
      process.stdout.write(`API key #${apiKey.id} for site #${site.id} "${site.name}" (shown once):\n${key}\n`);
    });
  });

program
  .command('seed-demo')
  .description('Seed industries, a protected system account and a demo account with sites, sectors and users')
  .action(async () => {
    await withServices(async (services) => {
      const summary = await seedDemo(services.knex);
      process.stdout.write(`${summary}\n`);
    });
  });

program
  .command('openapi')
  .description('Print the OpenAPI document the server serves at /api/openapi.json: JSON only, so it can be piped to a file')
  .option('--output <file>', 'write it to this file instead (npm prints its own banner on stdout unless run with -s)')
  .action((options: { output?: string }) => {
    // No services: it needs no database, Redis or secrets, and writes nothing but the document.
    const json = `${JSON.stringify(apiDocument(loadPublicUrl()))}\n`;
    if (options.output) return fs.writeFileSync(options.output, json);
    // A reader that stops early (`| head`) is not an error.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
    process.stdout.write(json);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
