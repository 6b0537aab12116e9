import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactConnectionString } from './redact-connection-string.ts';

describe('redactConnectionString', () => {
  it('masks the password in the userinfo and keeps the user, host and database', () => {
    assert.equal(
      redactConnectionString('postgres://app:s3cret@db.example:5432/tasks'),
      'postgres://app:***@db.example:5432/tasks',
    );
  });

  it('masks password, sslpassword and sslkey query parameters, in any case and when repeated', () => {
    assert.equal(
      redactConnectionString(
        'postgresql://app@db/tasks?sslmode=require&password=p1&sslpassword=p2&sslkey=/keys/client.key&PASSWORD=p3&password=p4',
      ),
      'postgresql://app@db/tasks?sslmode=require&password=***&sslpassword=***&sslkey=***&PASSWORD=***&password=***',
    );
  });

  it('masks both forms at once and leaves a URL without credentials unchanged', () => {
    assert.equal(
      redactConnectionString('postgres://app:a%40b@db/tasks?password=c%26d'),
      'postgres://app:***@db/tasks?password=***',
    );
    assert.equal(
      redactConnectionString('postgres://postgres@127.0.0.1:5432/postgres'),
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
  });

  it('masks the libpq keyword/value form, quoted or not', () => {
    assert.equal(
      redactConnectionString("host=db user=app password='s e c\\'ret' sslpassword=x sslkey=/k dbname=tasks"),
      'host=db user=app password=*** sslpassword=*** sslkey=*** dbname=tasks',
    );
  });

  it('prints nothing of a postgres URL it cannot parse', () => {
    assert.equal(
      redactConnectionString('postgres://app:pw@[bad/tasks'),
      'a Postgres server (unparseable DATABASE_URL)',
    );
  });
});
