// The Lambda entry (src/handler.ts) reads the same sign-in configuration as the node server:
// with OIDC_ISSUER and MCP_RESOURCE_URL it serves the metadata, answers 401 with the challenge,
// and stamps the author from a verified token's email. The issuer is oidc-provider on loopback.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { importJWK, SignJWT } from 'jose';
import { disposeAll } from 'lambda-mcp';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';
import {
  startTestIssuer,
  type TestIssuer,
} from '../../../packages/server/src/auth/oauth/oidc-provider.fixture.ts';

// The URL clients use; the test events arrive through this API Gateway domain.
const RESOURCE = 'https://abc123.execute-api.us-east-1.amazonaws.com/mcp';
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

let issuer: TestIssuer;
let handler: Handler;
const dataDir = mkdtempSync(join(tmpdir(), 'messages-lambda-'));

before(async () => {
  issuer = await startTestIssuer({ scopes: ['messages:write'] });
  // This test file runs in its own process: the handler module reads these at import, as on Lambda.
  Object.assign(process.env, {
    OIDC_ISSUER: issuer.issuer,
    MCP_RESOURCE_URL: RESOURCE,
    MESSAGES_DATA_DIR: dataDir,
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: 'error',
  });
  ({ handler } = (await import('../src/handler.ts')) as unknown as { handler: Handler });
});
after(async () => {
  await disposeAll();
  await issuer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const invoke = (event: unknown) => handler(event, lambdaContext());

function toolCall(name: string, args: Record<string, unknown>, token?: string) {
  const { headers, body } = mcpRequest('tools/call', { name, arguments: args });
  return httpApiEvent({ headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers, body });
}

describe('the messages Lambda entry with OIDC_ISSUER', () => {
  test('serves Protected Resource Metadata naming the issuer, without a token', async () => {
    const result = await invoke(
      httpApiEvent({ method: 'GET', path: '/.well-known/oauth-protected-resource/mcp' }),
    );
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(result.body ?? ''), {
      resource: RESOURCE,
      authorization_servers: [issuer.issuer],
      bearer_methods_supported: ['header'],
      resource_name: 'Messages',
    });
  });

  test('answers a call without a token with 401 and the challenge', async () => {
    const result = await invoke(toolCall('get_messages', {}));
    assert.equal(result.statusCode, 401);
    assert.equal(
      result.headers?.['www-authenticate'],
      'Bearer resource_metadata="https://abc123.execute-api.us-east-1.amazonaws.com/.well-known/oauth-protected-resource/mcp"',
    );
  });

  test('posts as the email of a token the issuer signed for this resource', async () => {
    const key = await importJWK(issuer.signingKey, 'RS256');
    const token = await new SignJWT({ email: 'dana@example.com' })
      .setProtectedHeader({ alg: 'RS256', kid: issuer.signingKey.kid })
      .setIssuer(issuer.issuer)
      .setAudience(RESOURCE)
      .setSubject('dana')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    const result = await invoke(toolCall('post_message', { text: 'From Lambda', channel: 'lambda' }, token));
    assert.equal(result.statusCode, 200, result.body);
    assert.equal(JSON.parse(result.body ?? '').result.structuredContent.author, 'dana@example.com');
  });
});
