import { after } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { keyStoreContract } from './key-store-contract.fixture.ts';
import { postgresKeyStore } from './postgres-key-store.ts';

const db = new PGlite();
after(() => db.close());

let table = 0;
keyStoreContract('postgres store (PGlite)', async () => {
  const store = postgresKeyStore({
    query: (sql, params) => db.query<Record<string, unknown>>(sql, params),
    table: `keys_${++table}`,
  });
  await store.migrate();
  await store.migrate();
  return store;
});
