// What the environment turns into: open, any OIDC issuer, or Google ID tokens; and the
// errors a misconfigured deployment gets at startup rather than on the first request.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messagesAccess } from '../src/auth-config.ts';
import { authorOf } from '../src/server.ts';

const LOCAL = 'http://127.0.0.1:3001/mcp';

async function metadata(access: ReturnType<typeof messagesAccess>, path: string) {
  const route = access.auth?.routes[path];
  assert.ok(route, `no route ${path}`);
  const reply = route({
    method: 'GET',
    path,
    headers: {},
    body: '',
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  return JSON.parse(reply.body as string);
}

describe('messages access from the environment', () => {
  test('without OIDC_ISSUER or OIDC_PRESET the board stays open', () => {
    assert.deepEqual(messagesAccess({}, LOCAL), { scopes: {}, summary: 'open: no sign-in configured' });
  });

  test('OIDC_ISSUER: tokens for the local MCP URL, advertised in Protected Resource Metadata', async () => {
    const access = messagesAccess(
      { OIDC_ISSUER: 'https://id.example.com', MESSAGES_WRITE_SCOPE: 'messages:write' },
      LOCAL,
    );
    assert.equal(access.summary, `bearer tokens from https://id.example.com for audience ${LOCAL}`);
    assert.deepEqual(access.scopes, { write: 'messages:write' });
    assert.equal(
      access.auth?.resourceMetadata,
      'http://127.0.0.1:3001/.well-known/oauth-protected-resource/mcp',
    );
    assert.deepEqual(await metadata(access, '/.well-known/oauth-protected-resource/mcp'), {
      resource: LOCAL,
      authorization_servers: ['https://id.example.com'],
      scopes_supported: ['messages:write'],
      bearer_methods_supported: ['header'],
      resource_name: 'Messages',
    });
  });

  test('OIDC_AUDIENCE overrides the audience, and is the resource URL when it is one', () => {
    const byUrl = messagesAccess(
      { OIDC_ISSUER: 'https://id.example.com', OIDC_AUDIENCE: 'https://mcp.example.com/mcp' },
      LOCAL,
    );
    assert.equal(
      byUrl.auth?.resourceMetadata,
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    );
    const byIdentifier = messagesAccess(
      { OIDC_ISSUER: 'https://id.example.com', OIDC_AUDIENCE: 'messages-api' },
      LOCAL,
    );
    assert.equal(byIdentifier.summary, 'bearer tokens from https://id.example.com for audience messages-api');
    assert.equal(
      byIdentifier.auth?.resourceMetadata,
      'http://127.0.0.1:3001/.well-known/oauth-protected-resource/mcp',
    );
  });

  test('OIDC_PRESET=google: Google ID tokens for the client id, restricted to the hosted domain', async () => {
    const access = messagesAccess(
      {
        OIDC_PRESET: 'google',
        GOOGLE_CLIENT_ID: '123.apps.googleusercontent.com',
        GOOGLE_HOSTED_DOMAIN: 'example.com',
      },
      LOCAL,
    );
    assert.equal(access.summary, 'Google ID tokens for 123.apps.googleusercontent.com from example.com');
    const document = await metadata(access, '/.well-known/oauth-protected-resource/mcp');
    assert.deepEqual(document.authorization_servers, ['https://accounts.google.com']);
  });

  test('misconfiguration fails at startup with what to set', () => {
    assert.throws(() => messagesAccess({ OIDC_PRESET: 'google' }, LOCAL), {
      message: 'OIDC_PRESET=google needs GOOGLE_CLIENT_ID, your OAuth client id',
    });
    // Google ID tokens carry no scopes: a required scope would refuse every call with 403.
    assert.throws(
      () =>
        messagesAccess(
          { OIDC_PRESET: 'google', GOOGLE_CLIENT_ID: '123', MESSAGES_WRITE_SCOPE: 'messages:write' },
          LOCAL,
        ),
      {
        message:
          'MESSAGES_WRITE_SCOPE cannot be used with OIDC_PRESET=google: Google ID tokens carry no scopes, so every call needing it would be refused',
      },
    );
    assert.throws(() => messagesAccess({ OIDC_PRESET: 'okta' }, LOCAL), {
      message: 'OIDC_PRESET=okta is not supported: use OIDC_PRESET=google, or OIDC_ISSUER alone',
    });
    // On Lambda the server cannot know its own URL.
    assert.throws(() => messagesAccess({ OIDC_ISSUER: 'https://id.example.com' }), {
      message:
        'Sign-in is configured but the server does not know its own URL: set MCP_RESOURCE_URL to the URL clients use, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/mcp',
    });
    assert.throws(() => messagesAccess({ OIDC_ISSUER: 'id.example.com' }, LOCAL), {
      message:
        'OIDC_ISSUER=id.example.com is not an http(s) URL: set it to the issuer URL its tokens carry in iss, e.g. https://id.example.com',
    });
    assert.throws(
      () => messagesAccess({ OIDC_ISSUER: 'https://id.example.com', MCP_RESOURCE_URL: 'x.example/mcp' }),
      {
        message:
          'MCP_RESOURCE_URL=x.example/mcp is not an http(s) URL: set it to the URL clients use, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/mcp',
      },
    );
    assert.equal(
      messagesAccess({
        OIDC_ISSUER: 'https://id.example.com',
        MCP_RESOURCE_URL: 'https://x.example/prod/mcp',
      }).auth?.resourceMetadata,
      'https://x.example/prod/.well-known/oauth-protected-resource/prod/mcp',
    );
  });

  test('the author is the email claim, else the subject, else anonymous', () => {
    assert.deepEqual(
      [
        authorOf({ subject: 'u-1', scopes: [], claims: { email: 'ann@example.com' } }),
        authorOf({ subject: 'u-1', scopes: [], claims: {} }),
        authorOf(undefined),
      ],
      ['ann@example.com', 'u-1', 'anonymous'],
    );
  });

  test('an email the issuer says it did not verify is not the author: anyone could have typed it', () => {
    assert.deepEqual(
      [
        authorOf({ subject: 'u-2', scopes: [], claims: { email: 'ceo@example.com', email_verified: false } }),
        // Authorizer contexts (API Gateway REST) carry every value as a string.
        authorOf({
          subject: 'u-3',
          scopes: [],
          claims: { email: 'ceo@example.com', email_verified: 'false' },
        }),
        authorOf({ subject: 'u-4', scopes: [], claims: { email: 'ann@example.com', email_verified: true } }),
      ],
      ['u-2', 'u-3', 'ann@example.com'],
    );
  });
});
