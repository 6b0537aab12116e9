import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';

/** A connection string without its TLS parameters, and the TLS they ask for (false: none). */
export interface ConnectionTls {
  url: string;
  tls: ConnectionOptions | false;
}

const TLS_PARAMETERS = [
  'ssl',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'uselibpqcompat',
];

/**
 * The TLS a connection string asks for, read as `pg` 8 reads it, for postgres.js (which
 * reads `sslmode=require` as libpq does: encrypted, certificate not checked):
 * - `sslmode=disable` (or `ssl=0`/`false`, or nothing): no TLS;
 * - `sslmode=no-verify`: encrypted, certificate not checked;
 * - `prefer`, `require`, `verify-ca`, `verify-full` (or `ssl=true`/`1`): encrypted, certificate
 *   checked against the host name, as `pg` treats them all (its `verify-full`);
 * - with `uselibpqcompat=true`, libpq's meanings: `prefer`/`require` do not check the
 *   certificate (`require` with `sslrootcert` checks the CA, like `verify-ca`, not the host);
 * - `sslrootcert`, `sslcert`, `sslkey` (files) and `sslpassword`: the CA, the client certificate and its key.
 * The parameters are removed from the URL: postgres.js sends the ones it does not know to
 * the server as settings, which the server refuses.
 */
export function connectionTls(connectionString: string): ConnectionTls {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { url: connectionString, tls: false };
  }
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  const ssl = param('ssl');
  const mode = param('sslmode');
  const files = { ca: param('sslrootcert'), cert: param('sslcert'), key: param('sslkey') };
  const libpq = param('uselibpqcompat') === 'true';
  const passphrase = param('sslpassword');
  let rest = connectionString;
  if (TLS_PARAMETERS.some((name) => url.searchParams.has(name))) {
    for (const name of TLS_PARAMETERS) url.searchParams.delete(name);
    rest = url.toString();
  }

  const wanted =
    mode !== undefined || files.ca !== undefined || files.cert !== undefined || files.key !== undefined
      ? mode !== 'disable'
      : ssl === 'true' || ssl === '1';
  if (!wanted) return { url: rest, tls: false };
  // The name sent in the handshake (SNI) and checked against the certificate, unless the host is an address.
  const tls: ConnectionOptions = isIP(url.hostname) === 0 ? { servername: url.hostname } : {};
  if (files.ca) tls.ca = readFileSync(files.ca, 'utf8');
  if (files.cert) tls.cert = readFileSync(files.cert, 'utf8');
  if (files.key) tls.key = readFileSync(files.key, 'utf8');
  if (passphrase !== undefined) tls.passphrase = passphrase;
  const skipHostCheck = () => undefined;
  if (mode === 'no-verify' && !libpq) tls.rejectUnauthorized = false;
  if (libpq && (mode === 'prefer' || mode === 'require')) {
    if (mode === 'require' && tls.ca) tls.checkServerIdentity = skipHostCheck;
    else tls.rejectUnauthorized = false;
  }
  if (libpq && mode === 'verify-ca') {
    if (!tls.ca) throw new Error('sslmode=verify-ca needs the CA certificate in sslrootcert');
    tls.checkServerIdentity = skipHostCheck;
  }
  return { url: rest, tls };
}
