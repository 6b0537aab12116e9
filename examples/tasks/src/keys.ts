import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tasksKeyStore } from './access/key-store.ts';
import { KEYS_USAGE, KeysUsageError, runKeysCommand, wantsHelp } from './access/keys-command.ts';
import { openDatabase } from './db/open-database.ts';

// `npm run keys -w examples/tasks -- create|list|revoke|--help`: API keys in the database
// `npm start` uses (DATABASE_URL, else PGlite under <repo>/.data/tasks). `lambda-mcp keys`
// (packages/cli) writes the same records given --store; this script stays for what it adds
// for this server (KEYS_USAGE says what): the scope check, the database found from the
// server's own settings, the schema brought up to date first.
// PGlite belongs to one process at a time: stop `npm start` first. Postgres: any time.
const argv = process.argv.slice(2);
if (wantsHelp(argv)) {
  // Before the database is opened: help works while the server holds PGlite.
  console.log(KEYS_USAGE);
  process.exit(0);
}
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.TASKS_DATA_DIR ?? fileURLToPath(new URL('../../../.data/tasks', import.meta.url));

// PGlite does not lock its directory against a second process; it leaves postmaster.pid
// there while open, and two writers would corrupt it.
if (!databaseUrl && existsSync(join(dataDir, 'postmaster.pid'))) {
  console.error(
    `The PGlite database in ${dataDir} is open in another process (npm start?). Stop it, then run this again. ` +
      'If nothing is running, a crash left postmaster.pid behind: start and stop npm start once to close the database cleanly.',
  );
  process.exit(1);
}

const driver = await openDatabase({ databaseUrl, dataDir });
let code: number;
try {
  code = await runKeysCommand(argv, tasksKeyStore(driver), (line) => console.log(line));
} catch (error) {
  if (!(error instanceof KeysUsageError)) throw error;
  console.error(`${error.message}\n\n${KEYS_USAGE}`);
  code = 2;
} finally {
  await driver.close();
}
process.exitCode = code;
