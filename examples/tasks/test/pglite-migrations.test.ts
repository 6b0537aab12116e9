import { describe } from 'node:test';
import { createPgliteDriver } from '../src/db/pglite-driver.ts';
import { tenantKeyMigrationTests } from './tenant-key-migration.ts';

// Apart from the server suite: opening another PGlite blocks the event loop for seconds,
// long enough for the suite's kept-alive client sockets to be reset.
describe('tasks migrations on PGlite', () => {
  tenantKeyMigrationTests(() => createPgliteDriver());
});
