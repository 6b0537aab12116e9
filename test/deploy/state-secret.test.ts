/**
 * The MRTR signing secret as a deployment wires it: only `LAMBDA_MCP_STATE_SECRET_ARN` in
 * the environment, the value read from Secrets Manager (a local one on loopback, through
 * the real AWS SDK and its `AWS_ENDPOINT_URL_SECRETS_MANAGER` override) by each server
 * instance on its first signature. Separate `createServer` instances stand for separate
 * Lambda execution environments: each has its own signer and its own copy of the keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { createServer, type McpServer } from 'lambda-mcp';
import { createExchangeHandler } from 'lambda-mcp/http';
import { mcpRequest } from 'lambda-mcp/testing';
import {
  LOCAL_AWS_ENV,
  type LocalSecretsManager,
  startLocalSecretsManager,
} from '../../packages/server/src/config/secrets-manager-local.fixture.ts';

let local: LocalSecretsManager;
before(async () => {
  local = await startLocalSecretsManager();
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_SECRETS_MANAGER: local.endpoint });
  const client = local.client();
  const { ARN } = await client.send(new CreateSecretCommand({ Name: 'mrtr-state', SecretString: 'key-one' }));
  process.env.LAMBDA_MCP_STATE_SECRET_ARN = ARN;
  client.destroy();
});
after(() => local.stop());

/** One execution environment: the server reads the environment on its first request. */
function instance(): McpServer {
  const server = createServer({ name: 'confirm', version: '1.0.0' });
  server.tool('delete_project', { description: 'Deletes a project after a confirmation' }, (_input, ctx) => {
    const answer = ctx.elicit('confirm', {
      message: 'Delete it?',
      requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
    });
    return answer.action === 'accept' ? 'deleted' : 'kept';
  });
  return server;
}

const CAPABLE = { _meta: { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } } };

async function callTool(server: McpServer, extra: Record<string, unknown> = {}) {
  const { headers, body } = mcpRequest('tools/call', {
    name: 'delete_project',
    arguments: {},
    ...CAPABLE,
    ...extra,
  });
  const platform = { kind: 'other', name: 'test', request: undefined } as const;
  const reply = await createExchangeHandler(server)({
    method: 'POST',
    path: '/mcp',
    headers,
    body,
    platform,
  });
  assert.equal(typeof reply.body, 'string');
  return JSON.parse(reply.body as string) as {
    result?: { resultType: string; requestState?: string; content?: { text: string }[] };
    error?: { code: number; message: string };
  };
}

const ACCEPTED = { inputResponses: { confirm: { action: 'accept', content: { ok: true } } } };

describe('the requestState secret from Secrets Manager', () => {
  it('lets a retry that lands on another instance verify, and survives a rotation', async () => {
    const first = await callTool(instance());
    assert.equal(first.result?.resultType, 'input_required');
    const token = first.result!.requestState!;

    const other = await callTool(instance(), { ...ACCEPTED, requestState: token });
    assert.equal(other.result?.content?.[0]?.text, 'deleted');

    // Rotation: the old value becomes AWSPREVIOUS.
    const client = local.client();
    await client.send(
      new PutSecretValueCommand({
        SecretId: process.env.LAMBDA_MCP_STATE_SECRET_ARN,
        SecretString: 'key-two',
      }),
    );
    client.destroy();
    const rotated = instance();
    const afterRotation = await callTool(rotated, { ...ACCEPTED, requestState: token });
    assert.equal(afterRotation.result?.content?.[0]?.text, 'deleted');

    // A token the rotated instance signs is refused by a signer holding only the old key.
    const next = await callTool(rotated);
    const oldKeyOnly = createServer({
      name: 'confirm',
      version: '1.0.0',
      requestState: { secret: 'key-one' },
    });
    oldKeyOnly.tool('delete_project', { description: 'same tool' }, () => 'unreachable');
    const refused = await callTool(oldKeyOnly, { ...ACCEPTED, requestState: next.result!.requestState });
    assert.equal(refused.error?.code, -32602);
  });

  it('refuses a forged state with -32602', async () => {
    const forged = await callTool(instance(), { ...ACCEPTED, requestState: 'eyJyZXNwb25zZXMiOnt9fQ.forged' });
    assert.deepEqual(forged.error, {
      code: -32602,
      message:
        'Invalid requestState: it was modified, or it belongs to a different request or caller. Retry the original request without requestState.',
    });
  });
});
