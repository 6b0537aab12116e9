import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionStringFromSecret, resolveDatabaseUrl } from './database-url.ts';

describe('connectionStringFromSecret', () => {
  it('uses a postgres:// secret as is', () => {
    assert.equal(
      connectionStringFromSecret(' postgres://app:pw@db:5432/tasks\n'),
      'postgres://app:pw@db:5432/tasks',
    );
  });

  it('builds a TLS URL from an RDS-generated JSON secret, escaping the password', () => {
    const secret = JSON.stringify({
      engine: 'postgres',
      username: 'app',
      password: 'p@ss/w:rd',
      host: 'tasks.cluster-abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      dbname: 'tasks',
    });
    assert.equal(
      connectionStringFromSecret(secret),
      'postgres://app:p%40ss%2Fw%3Ard@tasks.cluster-abc.eu-west-1.rds.amazonaws.com:5432/tasks?sslmode=require',
    );
  });

  it('connects through an RDS Proxy endpoint with the database secret credentials', () => {
    const secret = JSON.stringify({
      username: 'app',
      password: 'pw',
      host: 'db.internal',
      port: 5432,
      dbname: 'tasks',
    });
    const proxy = 'tasks-proxy.proxy-abc.eu-west-1.rds.amazonaws.com';
    assert.equal(
      connectionStringFromSecret(secret, proxy),
      `postgres://app:pw@${proxy}:5432/tasks?sslmode=require`,
    );
    assert.equal(
      connectionStringFromSecret('postgres://app:pw@db.internal:5432/tasks', proxy),
      `postgres://app:pw@${proxy}:5432/tasks`,
    );
  });

  it('refuses a DATABASE_HOST with a port or a path instead of silently keeping the old host', () => {
    for (const secret of [
      'postgres://app:pw@db.internal:5432/tasks',
      '{"username":"a","password":"b","host":"db"}',
    ]) {
      assert.throws(() => connectionStringFromSecret(secret, 'proxy.example.com:5432'), {
        message: 'DATABASE_HOST must be a host name alone, without a port or path: "proxy.example.com:5432"',
      });
    }
    assert.throws(() => connectionStringFromSecret('{"username":"a","password":"b","host":"db/x"}'), {
      message: 'the secret\'s host must be a host name alone, without a port or path: "db/x"',
    });
  });

  it('rejects a secret without credentials', () => {
    assert.throws(
      () => connectionStringFromSecret('{"host":"db"}'),
      /The database secret JSON needs string username, password and host/,
    );
    assert.throws(() => connectionStringFromSecret('hunter2'), /neither a postgres:\/\/ URL nor JSON/);
  });
});

describe('resolveDatabaseUrl', () => {
  it('prefers DATABASE_URL and needs no AWS call for it', async () => {
    assert.equal(
      await resolveDatabaseUrl({
        DATABASE_URL: 'postgres://x@h/db',
        DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:...',
      }),
      'postgres://x@h/db',
    );
  });

  it('means PGlite when neither variable is set', async () => {
    assert.equal(await resolveDatabaseUrl({}), undefined);
  });
});
