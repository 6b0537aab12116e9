import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionTls } from './connection-tls.ts';

const HOST = 'postgres://app:pw@db.example:5432/tasks';

describe('connectionTls', () => {
  it('asks for no TLS without TLS parameters, with sslmode=disable, or with ssl=0', () => {
    for (const url of [
      HOST,
      `${HOST}?sslmode=disable`,
      `${HOST}?ssl=0`,
      `${HOST}?sslmode=disable&sslrootcert=/ca.pem`,
    ]) {
      assert.deepEqual(connectionTls(url), { url: HOST, tls: false }, url);
    }
  });

  it('checks the certificate against the host name for every other sslmode and for ssl=true, as pg 8 does', () => {
    for (const query of [
      'sslmode=prefer',
      'sslmode=require',
      'sslmode=verify-ca',
      'sslmode=verify-full',
      'ssl=true',
      'ssl=1',
    ]) {
      assert.deepEqual(
        connectionTls(`${HOST}?${query}`),
        { url: HOST, tls: { servername: 'db.example' } },
        query,
      );
    }
  });

  it('sends no server name for an address, and does not check the certificate with sslmode=no-verify', () => {
    assert.deepEqual(connectionTls('postgres://app@127.0.0.1:5432/tasks?sslmode=no-verify'), {
      url: 'postgres://app@127.0.0.1:5432/tasks',
      tls: { rejectUnauthorized: false },
    });
  });

  it("gives libpq's meanings with uselibpqcompat=true", () => {
    const libpq = (mode: string) => connectionTls(`${HOST}?uselibpqcompat=true&sslmode=${mode}`).tls;
    assert.deepEqual(libpq('require'), { servername: 'db.example', rejectUnauthorized: false });
    assert.deepEqual(libpq('prefer'), { servername: 'db.example', rejectUnauthorized: false });
    assert.deepEqual(libpq('verify-full'), { servername: 'db.example' });
    assert.deepEqual(libpq('no-verify'), { servername: 'db.example' });
    assert.throws(() => libpq('verify-ca'), {
      message: 'sslmode=verify-ca needs the CA certificate in sslrootcert',
    });
  });

  it('removes the TLS parameters from the URL and keeps the others (postgres.js sends those to the server)', () => {
    assert.deepEqual(
      connectionTls(
        `${HOST}?application_name=tasks&sslmode=no-verify&sslpassword=pw&options=-c%20search_path%3Dapp`,
      ),
      {
        url: `${HOST}?application_name=tasks&options=-c+search_path%3Dapp`,
        tls: { servername: 'db.example', passphrase: 'pw', rejectUnauthorized: false },
      },
    );
  });

  it('leaves a string that is not a URL to the client, which reports it', () => {
    assert.deepEqual(connectionTls('host=db user=app'), { url: 'host=db user=app', tls: false });
  });
});
