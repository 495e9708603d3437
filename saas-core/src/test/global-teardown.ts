import fs from 'node:fs';
import { createConnection } from 'mysql2/promise';

export default async function globalTeardown(): Promise<void> {
  const database = process.env.IGNY8_TEST_DATABASE;
  if (database && !process.env.IGNY8_KEEP_TEST_DB) {
    const server = new URL(process.env.IGNY8_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
    const admin = await createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username || 'root'),
      password: decodeURIComponent(server.password),
    });
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    for (const host of ['localhost', '127.0.0.1', '%']) await admin.query(`DROP USER IF EXISTS '${process.env.IGNY8_TEST_DB_USER}'@'${host}'`);
    await admin.end();
  }
  if (process.env.DATA_DIR?.includes('igny8-test-')) fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
}
