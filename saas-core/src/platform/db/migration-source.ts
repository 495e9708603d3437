import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

const SOURCE_ROOT = path.resolve(__dirname, '..', '..');
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.(ts|js)$/;

/**
 * Each module keeps its migrations in `<module>/migrations/`. They run in one timeline ordered by
 * the timestamp that starts each file name, whichever module they belong to.
 */
export class ModuleMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly root = SOURCE_ROOT) {}

  async getMigrations(): Promise<string[]> {
    const files: string[] = [];
    for (const entry of fs.readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(this.root, entry.name, 'migrations');
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir)) {
        if (MIGRATION_FILE.test(file) && !file.endsWith('.d.ts')) files.push(path.join(dir, file));
      }
    }
    return files.sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  }

  getMigrationName(file: string): string {
    return path.basename(file).replace(/\.(ts|js)$/, '');
  }

  async getMigration(file: string): Promise<Knex.Migration> {
    // require, not import(): under jest the .ts sources load through its transform hook.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Knex.Migration;
  }
}
