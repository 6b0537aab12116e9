import assert from 'node:assert/strict';
import { createPublicKey, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { createExchangeHandler } from '../../http/handle-exchange.ts';
import type { Reply } from '../../http/index.ts';
import type { AuthInfo } from '../../index.ts';
import { createServer } from '../../server/create-server.ts';
import { credentialOf } from '../../server/credential.ts';
import { mcpRequest } from '../../testing/mcp-request.ts';
import { testExchange } from '../test-exchange.fixture.ts';
import { oauthResourceServer } from './oauth-resource-server.ts';
import { startTestIssuer, type TestIssuer } from './oidc-provider.fixture.ts';
import type { OAuthIdentity } from './token-claims.ts';
import { createTokenVerifier } from './verify-bearer-token.ts';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
const METADATA = 'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp';
const SCOPES = ['tasks:read', 'tasks:write'];

let issuer: TestIssuer;
before(async () => {
  issuer = await startTestIssuer({ scopes: SCOPES });
});
after(() => issuer.stop());

function server(reasons: string[] = [], verifyWith: 'node:crypto' | 'jose' = 'node:crypto') {
  return oauthResourceServer({
    verifyWith,
    issuer: issuer.issuer,
    resource: RESOURCE,
    scopesSupported: SCOPES,
    onReject: (reason) => reasons.push(reason),
    introspection: {
      endpoint: `${issuer.issuer}/token/introspection`,
      clientId: issuer.clientId,
      clientSecret: issuer.clientSecret,
    },
  });
}

const bearer = (token: string) => testExchange({ authorization: `Bearer ${token}` });
const now = () => Math.floor(Date.now() / 1000);

async function forge(payload: JWTPayload, header: { alg?: string; kid?: string } = {}): Promise<string> {
  const key = await importJWK(issuer.signingKey, 'RS256');
  return new SignJWT({ scope: 'tasks:read', client_id: issuer.clientId, ...payload })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: issuer.signingKey.kid, ...header })
    .sign(key);
}

const valid = (): JWTPayload => ({
  iss: issuer.issuer,
  aud: RESOURCE,
  sub: 'user-1',
  iat: now(),
  exp: now() + 300,
  jti: randomUUID(),
});

test('accepts the same token on the jose path as on the node:crypto path', async () => {
  const token = await issuer.token(RESOURCE);
  for (const verifyWith of ['node:crypto', 'jose'] as const) {
    const identity = (await server([], verifyWith).authenticate(bearer(token))) as OAuthIdentity;
    assert.equal(identity.subject, issuer.clientId, verifyWith);
  }
});

test('accepts a client-credentials access token the authorization server issued for this resource', async () => {
  const token = await issuer.token(RESOURCE);
  const identity = (await server().authenticate(bearer(token))) as OAuthIdentity;
  assert.equal(identity.subject, issuer.clientId);
  assert.equal(identity.clientId, issuer.clientId);
  assert.deepEqual(identity.scopes, SCOPES);
  assert.equal(identity.claims.aud, RESOURCE);
  assert.equal(credentialOf(identity), undefined, 'no token passthrough unless exposeToken');
  assert.equal(JSON.stringify(identity).includes(token), false);
  assert.equal(inspect(identity, { depth: 5 }).includes(token), false);
});

test('maps subject, email, tenant, scopes and client id from the claims', async () => {
  const token = await forge({
    ...valid(),
    email: 'ada@example.com',
    tid: 'acme',
    scp: ['a', 'b'],
    scope: undefined,
  });
  const identity = (await server().authenticate(bearer(token))) as OAuthIdentity;
  assert.deepEqual(
    {
      subject: identity.subject,
      email: identity.email,
      tenant: identity.tenant,
      scopes: identity.scopes,
      clientId: identity.clientId,
    },
    {
      subject: 'user-1',
      email: 'ada@example.com',
      tenant: 'acme',
      scopes: ['a', 'b'],
      clientId: issuer.clientId,
    },
  );
});

test('accepts an opaque token through RFC 7662 introspection, bound to this resource', async () => {
  const reasons: string[] = [];
  const opaqueResource = 'http://127.0.0.1:3000/opaque';
  const token = await issuer.token(opaqueResource);
  assert.doesNotMatch(token, /\./);
  const opaque = oauthResourceServer({
    issuer: issuer.issuer,
    resource: opaqueResource,
    introspection: {
      endpoint: `${issuer.issuer}/token/introspection`,
      clientId: issuer.clientId,
      clientSecret: issuer.clientSecret,
    },
  });
  const identity = (await opaque.authenticate(bearer(token))) as AuthInfo;
  assert.equal(identity.subject, issuer.clientId);
  assert.deepEqual(identity.scopes, SCOPES);
  // The same opaque token is not for the MCP resource.
  const reply = (await server(reasons).authenticate(bearer(token))) as Reply;
  assert.equal(reply.status, 401);
  assert.deepEqual(reasons, ['wrong_audience']);
});

const INVALID = `Bearer resource_metadata="${METADATA}", scope="tasks:read tasks:write", error="invalid_token", error_description="The access token is invalid"`;

const corpus: [string, () => Promise<string | undefined>, string, string][] = [
  [
    'expired',
    () => forge({ ...valid(), iat: now() - 600, exp: now() - 300 }),
    'expired',
    INVALID.replace('is invalid', 'expired'),
  ],
  ['not yet valid', () => forge({ ...valid(), nbf: now() + 300 }), 'not_yet_valid', INVALID],
  ['wrong issuer', () => forge({ ...valid(), iss: 'http://127.0.0.1:1' }), 'wrong_issuer', INVALID],
  [
    'wrong audience (forged)',
    () => forge({ ...valid(), aud: 'http://127.0.0.1:3000/other' }),
    'wrong_audience',
    INVALID,
  ],
  [
    'wrong audience (issued for another resource)',
    () => issuer.token('http://127.0.0.1:4000/mcp'),
    'wrong_audience',
    INVALID,
  ],
  [
    'alg none',
    async () => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(valid())}.`;
    },
    'disallowed_algorithm',
    INVALID,
  ],
  [
    'HS256 signed with the public key',
    async () => {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = issuer.signingKey;
      const pem = createPublicKey({ key: publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      return new SignJWT(valid())
        .setProtectedHeader({ alg: 'HS256', kid: issuer.signingKey.kid })
        .sign(new TextEncoder().encode(String(pem)));
    },
    'disallowed_algorithm',
    INVALID,
  ],
  [
    'unknown kid',
    async () => {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      const other = { ...(await exportJWK(privateKey)), kid: 'rotated-away' };
      return new SignJWT(valid())
        .setProtectedHeader({ alg: 'RS256', kid: other.kid })
        .sign(await importJWK(other, 'RS256'));
    },
    'unknown_key',
    INVALID,
  ],
  [
    'tampered payload',
    async () => {
      const [header, , signature] = (await issuer.token(RESOURCE)).split('.');
      const payload = Buffer.from(JSON.stringify({ ...valid(), scope: 'admin' })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    'bad_signature',
    INVALID,
  ],
  ['malformed', async () => 'not-a-jwt!', 'malformed', INVALID],
  [
    'oversized',
    async () => `${'a'.repeat(4500)}.${'b'.repeat(4500)}.c`,
    'oversized',
    INVALID.replace('is invalid', 'is too long'),
  ],
];

// Both signature paths refuse the same tokens for the same reasons.
for (const verifyWith of ['node:crypto', 'jose'] as const)
  for (const [name, make, reason, header] of corpus) {
    test(`refuses a token: ${name}, with 401 invalid_token (${verifyWith})`, async () => {
      const reasons: string[] = [];
      const reply = (await server(reasons, verifyWith).authenticate(bearer((await make())!))) as Reply;
      assert.equal(reply.status, 401);
      assert.equal(reply.headers['www-authenticate'], header);
      assert.deepEqual(JSON.parse(reply.body as string).error.data, {
        resource_metadata: METADATA,
        scope: 'tasks:read tasks:write',
        error: 'invalid_token',
      });
      assert.deepEqual(reasons, [reason]);
    });
  }

test('answers a request without a token 401 with the metadata challenge and no error code', async () => {
  const reasons: string[] = [];
  const reply = (await server(reasons).authenticate(testExchange())) as Reply;
  assert.deepEqual(reply, {
    status: 401,
    headers: {
      'content-type': 'application/json',
      'www-authenticate': `Bearer resource_metadata="${METADATA}", scope="tasks:read tasks:write"`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32001,
        message: 'Unauthorized: send an OAuth bearer token',
        data: { resource_metadata: METADATA, scope: 'tasks:read tasks:write' },
      },
    }),
  });
  assert.deepEqual(reasons, ['missing']);
});

// RFC 6750 section 3.1: a client that "attempted using an unsupported authentication method"
// lacks authentication information, and gets no error code; a Bearer header whose token is
// not a b64token is a bad token.
test('answers an Authorization header of another scheme like no token: the challenge without an error code', async () => {
  for (const value of ['Basic dXNlcjpwYXNz', 'DPoP eyJhbGciOiJFUzI1NiJ9.e30.sig', 'Bearerx abc', '']) {
    const reasons: string[] = [];
    const reply = (await server(reasons).authenticate(testExchange({ authorization: value }))) as Reply;
    assert.equal(reply.status, 401, value);
    assert.equal(
      reply.headers['www-authenticate'],
      `Bearer resource_metadata="${METADATA}", scope="tasks:read tasks:write"`,
      value,
    );
    assert.equal(JSON.parse(reply.body as string).error.message, 'Unauthorized: send an OAuth bearer token');
    assert.deepEqual(reasons, ['missing'], value);
  }
  for (const value of ['Bearer', 'Bearer ', 'bearer a b', 'Bearer a"b']) {
    const reasons: string[] = [];
    const reply = (await server(reasons).authenticate(testExchange({ authorization: value }))) as Reply;
    assert.equal(reply.status, 401, value);
    assert.equal(reply.headers['www-authenticate'], INVALID, value);
    assert.deepEqual(reasons, ['malformed'], value);
  }
});

test('answers 403 insufficient_scope when a required scope is missing', async () => {
  const strict = oauthResourceServer({
    issuer: issuer.issuer,
    resource: RESOURCE,
    requiredScopes: ['tasks:admin'],
  });
  const reply = (await strict.authenticate(bearer(await issuer.token(RESOURCE)))) as Reply;
  assert.equal(reply.status, 403);
  assert.equal(
    reply.headers['www-authenticate'],
    `Bearer resource_metadata="${METADATA}", scope="tasks:admin", error="insufficient_scope", error_description="This needs the scope tasks:admin"`,
  );
});

test('with a scopeHierarchy, auth.scopes holds the implied scopes, so per-tool scopes see them too', async () => {
  const hierarchical = oauthResourceServer({
    issuer: issuer.issuer,
    resource: RESOURCE,
    requiredScopes: ['tasks:read'],
    scopeHierarchy: { 'tasks:write': ['tasks:read'], 'tasks:admin': ['tasks:write'] },
  });
  const identity = (await hierarchical.authenticate(
    bearer(await forge({ ...valid(), scope: 'tasks:admin' })),
  )) as AuthInfo;
  assert.deepEqual(identity.scopes, ['tasks:admin', 'tasks:write', 'tasks:read']);
  const server = createServer({ name: 'scoped', version: '1.0.0' });
  server.tool('read_tasks', { description: 'reads', auth: { scopes: ['tasks:read'] } }, () => 'read');
  const handle = createExchangeHandler(server, { auth: hierarchical });
  const { headers, body } = mcpRequest('tools/call', { name: 'read_tasks' });
  const reply = await handle({
    method: 'POST',
    path: '/mcp',
    headers: { ...headers, authorization: `Bearer ${await forge({ ...valid(), scope: 'tasks:admin' })}` },
    body,
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  assert.equal(reply.status, 200);
  assert.deepEqual(JSON.parse(reply.body as string).result.content, [{ type: 'text', text: 'read' }]);
});

test('answers 503, not 401, when the issuer cannot be reached', async () => {
  const unreachable = oauthResourceServer({ issuer: 'http://127.0.0.1:1', resource: RESOURCE });
  const reply = (await unreachable.authenticate(bearer(await forge(valid())))) as Reply;
  assert.equal(reply.status, 503);
  assert.equal(reply.headers['retry-after'], '5');
});

// An issuer URL one character off its metadata (Auth0 names https://<domain>/ with the
// slash) fails every request with the same 503 as an outage: only the detail tells them apart.
test('onReject receives why the issuer was unavailable, not only that it was', async () => {
  const seen: unknown[][] = [];
  const misspelt = oauthResourceServer({
    issuer: `${issuer.issuer}/`,
    resource: RESOURCE,
    onReject: (reason, _exchange, detail) => seen.push([reason, detail]),
  });
  const reply = (await misspelt.authenticate(bearer(await forge(valid())))) as Reply;
  assert.equal(reply.status, 503);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]![0], 'unavailable');
  assert.match(
    String(seen[0]![1]),
    /names issuer "http:\/\/127\.0\.0\.1:\d+", expected "http:\/\/127\.0\.0\.1:\d+\/"/,
  );
  const refused: unknown[][] = [];
  const strict = oauthResourceServer({
    issuer: issuer.issuer,
    resource: RESOURCE,
    requiredClaims: { token_use: 'access' },
    onReject: (reason, _exchange, detail) => refused.push([reason, detail]),
  });
  await strict.authenticate(bearer(await forge(valid())));
  assert.deepEqual(refused, [['invalid_claims', 'token_use must be access']]);
});

test('serves Protected Resource Metadata at the root and path-suffixed forms', () => {
  const auth = oauthResourceServer({ issuer: issuer.issuer, resource: RESOURCE, scopesSupported: SCOPES });
  assert.deepEqual(Object.keys(auth.routes), [
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/mcp',
  ]);
  const reply = auth.routes['/.well-known/oauth-protected-resource/mcp']!(
    testExchange({}, '/.well-known/oauth-protected-resource/mcp'),
  );
  assert.deepEqual(reply, {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'public, max-age=3600',
      'access-control-allow-origin': '*',
    },
    body: JSON.stringify({
      resource: RESOURCE,
      authorization_servers: [issuer.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: SCOPES,
    }),
  });
  assert.deepEqual(auth.describe, {
    scheme: 'oauth2',
    header: 'authorization',
    resourceMetadata: METADATA,
    authorizationServers: [issuer.issuer],
    scopes: SCOPES,
  });
});

test('behind an API Gateway stage, the metadata URL keeps the stage prefix', () => {
  const auth = oauthResourceServer({
    issuer: issuer.issuer,
    resource: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/mcp',
  });
  assert.equal(
    auth.resourceMetadata,
    'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/.well-known/oauth-protected-resource/prod/mcp',
  );
  assert.deepEqual(Object.keys(auth.routes), [
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/prod/mcp',
    '/.well-known/oauth-protected-resource/mcp',
  ]);
});

test('a verified token is remembered until it expires, and each request gets its own identity', async () => {
  let clock = Date.now();
  const verify = createTokenVerifier({
    issuer: issuer.issuer,
    audience: RESOURCE,
    now: () => clock,
    exposeToken: true,
  });
  const exp = Math.floor(clock / 1000) + 60;
  const token = await forge({ ...valid(), exp });
  const first = await verify(token);
  const second = await verify(token);
  assert.ok(first.ok && second.ok);
  assert.notEqual(first.identity, second.identity);
  assert.deepEqual({ ...first.identity }, { ...second.identity });
  assert.equal(credentialOf(second.identity), token);
  clock = exp * 1000 + 31_000;
  assert.deepEqual(await verify(token), { ok: false, reason: 'expired' });
});

test('the audience matches the resource with upper-case scheme and host, not another path', async () => {
  const upper = await forge({ ...valid(), aud: 'HTTP://127.0.0.1:3000/mcp' });
  assert.equal(((await server().authenticate(bearer(upper))) as OAuthIdentity).subject, 'user-1');
  const inList = await forge({ ...valid(), aud: ['https://other.example', RESOURCE] });
  assert.equal(((await server().authenticate(bearer(inList))) as OAuthIdentity).subject, 'user-1');
  const reasons: string[] = [];
  const otherPath = await forge({ ...valid(), aud: 'http://127.0.0.1:3000/mcp/other' });
  assert.equal(((await server(reasons).authenticate(bearer(otherPath))) as Reply).status, 401);
  assert.deepEqual(reasons, ['wrong_audience']);
});
