import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importJWK, type JWTPayload, SignJWT } from 'jose';
import type { Reply } from '../../http/index.ts';
import { testExchange } from '../test-exchange.fixture.ts';
import { oauthResourceServer } from './oauth-resource-server.ts';
import { startTestIssuer, type TestIssuer } from './oidc-provider.fixture.ts';
import { auth0, cognito, entraId, googleIdToken, keycloak, okta } from './presets.ts';
import type { OAuthIdentity } from './token-claims.ts';

const RESOURCE = 'http://127.0.0.1:3000/mcp';
let issuer: TestIssuer;
before(async () => {
  issuer = await startTestIssuer({ scopes: ['tasks:read'] });
});
after(() => issuer.stop());

async function sign(payload: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: issuer.issuer, iat: now, exp: now + 300, ...payload })
    .setProtectedHeader({ alg: 'RS256', kid: issuer.signingKey.kid })
    .sign(await importJWK(issuer.signingKey, 'RS256'));
}

// A preset's issuer is the provider's real URL; the tests point it at the loopback issuer.
function serverFor(preset: ReturnType<typeof googleIdToken>) {
  return oauthResourceServer({ ...preset, issuer: issuer.issuer, acceptedIssuers: [], resource: RESOURCE });
}

const bearer = (token: string) => testExchange({ authorization: `Bearer ${token}` });

test('issuer URL patterns of the presets', () => {
  assert.equal(
    cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC', clientIds: ['c'] }).issuer,
    'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
  );
  assert.equal(googleIdToken({ clientId: 'c' }).issuer, 'https://accounts.google.com');
  assert.equal(
    auth0({ domain: 'acme.eu.auth0.com', audience: RESOURCE }).issuer,
    'https://acme.eu.auth0.com/',
  );
  assert.equal(
    entraId({ tenantId: 't-1', audience: 'api://x' }).issuer,
    'https://login.microsoftonline.com/t-1/v2.0',
  );
  assert.equal(
    okta({ domain: 'acme.okta.com', audience: RESOURCE }).issuer,
    'https://acme.okta.com/oauth2/default',
  );
  assert.equal(
    keycloak({ baseUrl: 'https://kc.example.com/', realm: 'mcp', audience: RESOURCE }).issuer,
    'https://kc.example.com/realms/mcp',
  );
});

test('Google ID-token mode: audience is the OAuth client id, hd restricts the domain', async () => {
  const google = serverFor(
    googleIdToken({ clientId: 'client-123.apps.googleusercontent.com', hostedDomain: 'example.com' }),
  );
  const id = {
    aud: 'client-123.apps.googleusercontent.com',
    sub: '1081',
    email: 'ada@example.com',
    email_verified: true,
  };
  const identity = (await google.authenticate(
    bearer(await sign({ ...id, hd: 'example.com' })),
  )) as OAuthIdentity;
  assert.deepEqual(
    { subject: identity.subject, email: identity.email, tenant: identity.tenant, scopes: identity.scopes },
    { subject: '1081', email: 'ada@example.com', tenant: 'example.com', scopes: [] },
  );
  for (const claims of [
    { ...id, hd: 'other.com' },
    id,
    { ...id, hd: 'example.com', email_verified: false },
  ]) {
    assert.equal(((await google.authenticate(bearer(await sign(claims)))) as Reply).status, 401);
  }
  // Domain names compare without case: a domain configured as typed in an admin console works.
  const typed = serverFor(
    googleIdToken({ clientId: 'client-123.apps.googleusercontent.com', hostedDomain: 'Example.COM' }),
  );
  const accepted = (await typed.authenticate(
    bearer(await sign({ ...id, hd: 'example.com' })),
  )) as OAuthIdentity;
  assert.equal(accepted.subject, '1081');
  // An access token for the MCP resource is not an ID token for the client.
  assert.equal(
    ((await google.authenticate(bearer(await sign({ ...id, hd: 'example.com', aud: RESOURCE })))) as Reply)
      .status,
    401,
  );
});

test('Cognito: client_id is the audience, token_use must be access, groups count as scopes', async () => {
  const pool = serverFor(cognito({ region: 'eu-west-1', userPoolId: 'p', clientIds: ['app-client'] }));
  const access = {
    sub: 'u-1',
    client_id: 'app-client',
    token_use: 'access',
    scope: 'tasks/read',
    'cognito:groups': ['admins'],
  };
  const identity = (await pool.authenticate(bearer(await sign(access)))) as OAuthIdentity;
  assert.deepEqual(
    [identity.subject, identity.clientId, identity.scopes],
    ['u-1', 'app-client', ['tasks/read', 'admins']],
  );
  assert.equal(
    ((await pool.authenticate(bearer(await sign({ ...access, client_id: 'other' })))) as Reply).status,
    401,
  );
  assert.equal(
    ((await pool.authenticate(bearer(await sign({ ...access, token_use: 'id' })))) as Reply).status,
    401,
  );
});

test('claim mapping: Entra scp string and roles, Okta scp array, Auth0 permissions, Keycloak realm roles', async () => {
  const cases: [ReturnType<typeof googleIdToken>, JWTPayload, Partial<OAuthIdentity>][] = [
    [
      entraId({ tenantId: 't', audience: RESOURCE }),
      {
        aud: RESOURCE,
        oid: 'o-1',
        sub: 's',
        scp: 'Tasks.Read Tasks.Write',
        roles: ['Admin'],
        tid: 't-9',
        azp: 'app',
      },
      { subject: 'o-1', scopes: ['Tasks.Read', 'Tasks.Write', 'Admin'], tenant: 't-9', clientId: 'app' },
    ],
    [
      okta({ domain: 'x', audience: RESOURCE }),
      { aud: RESOURCE, sub: 'u', scp: ['tasks:read'], cid: 'okta-app' },
      { subject: 'u', scopes: ['tasks:read'], clientId: 'okta-app' },
    ],
    [
      auth0({ domain: 'x', audience: RESOURCE }),
      {
        aud: [RESOURCE, 'https://x/userinfo'],
        sub: 'auth0|1',
        scope: 'openid',
        permissions: ['tasks:write'],
        org_id: 'org_1',
        azp: 'a0',
      },
      { subject: 'auth0|1', scopes: ['openid', 'tasks:write'], tenant: 'org_1', clientId: 'a0' },
    ],
    [
      keycloak({ baseUrl: 'x', realm: 'r', audience: RESOURCE }),
      {
        aud: RESOURCE,
        sub: 'kc-1',
        scope: 'profile',
        realm_access: { roles: ['tasks-admin'] },
        azp: 'kc-app',
      },
      { subject: 'kc-1', scopes: ['profile', 'tasks-admin'], clientId: 'kc-app' },
    ],
  ];
  for (const [preset, claims, expected] of cases) {
    const identity = (await serverFor(preset).authenticate(bearer(await sign(claims)))) as OAuthIdentity;
    const picked = Object.fromEntries(
      Object.keys(expected).map((key) => [key, identity[key as keyof OAuthIdentity]]),
    );
    assert.deepEqual(picked, expected);
  }
});
