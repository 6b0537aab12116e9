/**
 * One Lambda execution environment with access control, in a fresh process: import the
 * bundle (init), answer the first authenticated `tools/call`, then time warm ones.
 * Usage: node bench/auth/auth-probe.ts <bundle> <kind> <warmup> <calls>
 *   kind: none | authorizer | api-key | jwt | jwt-fresh (a new token per call) | fetch-only
 * Credentials come from the environment (BENCH_API_KEY, BENCH_TOKEN, BENCH_TOKENS_FILE).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpApiEvent, lambdaContext } from '../../packages/server/src/testing/lambda-events.ts';
import { loadRuntimeBuiltins } from '../lambda/runtime-builtins.ts';
import { emitResult } from '../probe-output.ts';
import { percentile } from '../stats.ts';
import { assertAnswered, toolsCallBody, toolsCallHeaders } from '../tools-call.ts';

export type ProbeKind = 'none' | 'authorizer' | 'api-key' | 'jwt' | 'jwt-fresh' | 'fetch-only';

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

// node:http brings node:crypto with it, which hashing keys and verifying signatures need.
await loadRuntimeBuiltins();

const [bundle = '', kind = 'none', warmup = '0', calls = '0'] = process.argv.slice(2) as [
  string,
  ProbeKind,
  string,
  string,
];

// What a REQUEST authorizer with simple responses (HTTP API) puts in the event: the key's claims.
const AUTHORIZER = {
  lambda: {
    sub: 'svc-bench',
    tenant: 'acme',
    key_id: '3f9c2a1b7d4e6f80',
    key_name: 'bench',
    scope: 'bench:call',
  },
};

function event(id: number, credential: string | undefined) {
  const headers: Record<string, string> = { ...toolsCallHeaders('2026-07-28'), 'user-agent': 'bench/1.0' };
  if (kind === 'api-key' && credential) headers['x-api-key'] = credential;
  if ((kind === 'jwt' || kind === 'jwt-fresh') && credential) headers.authorization = `Bearer ${credential}`;
  return httpApiEvent({
    headers,
    body: toolsCallBody('2026-07-28', id),
    requestId: `req-${id}`,
    ...(kind === 'authorizer' ? { authorizer: AUTHORIZER } : {}),
  });
}

async function invoke(handler: LambdaHandler, id: number, credential: string | undefined, check: boolean) {
  const result = (await handler(
    event(id, credential),
    lambdaContext({ awsRequestId: `aws-${id}` }),
  )) as APIGatewayProxyStructuredResultV2;
  if (result.statusCode === 200 && !check) return;
  assertAnswered(result.statusCode ?? 0, result.body ?? '', kind);
}

if (kind === 'fetch-only') {
  // What prepare() spends on the network: Node's first fetch (it loads undici) of discovery and JWKS.
  const issuer = process.env.BENCH_ISSUER ?? '';
  const start = performance.now();
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    jwks_uri: string;
  };
  await (await fetch(discovery.jwks_uri)).json();
  emitResult({ fetchMs: performance.now() - start });
} else {
  const credential =
    kind === 'api-key'
      ? process.env.BENCH_API_KEY
      : kind.startsWith('jwt')
        ? process.env.BENCH_TOKEN
        : undefined;
  const start = performance.now();
  const module = (await import(pathToFileURL(bundle).href)) as {
    handler: LambdaHandler;
    auth?: { verify: { prepare(): Promise<void> } };
  };
  const imported = performance.now();
  // A handler calls prepare() at init (top-level await); timed apart since it is mostly the JWKS fetch.
  if (module.auth) await module.auth.verify.prepare();
  const prepared = performance.now();
  await invoke(module.handler, 1, credential, true);
  const answered = performance.now();

  const fresh =
    kind === 'jwt-fresh'
      ? (JSON.parse(readFileSync(process.env.BENCH_TOKENS_FILE ?? '', 'utf8')) as string[])
      : [];
  const credentialFor = (i: number) => (kind === 'jwt-fresh' ? fresh[i % fresh.length] : credential);
  let id = 1;
  for (let i = 0; i < Number(warmup); i++) await invoke(module.handler, ++id, credentialFor(id), false);
  const latenciesUs = new Float64Array(Number(calls));
  for (let i = 0; i < latenciesUs.length; i++) {
    const next = ++id;
    const presented = credentialFor(next);
    const t0 = performance.now();
    await invoke(module.handler, next, presented, false);
    latenciesUs[i] = (performance.now() - t0) * 1000;
  }
  const samples = Array.from(latenciesUs);
  emitResult({
    importMs: imported - start,
    prepareMs: prepared - imported,
    firstCallMs: answered - prepared,
    warmMeanUs: samples.reduce((sum, value) => sum + value, 0) / samples.length,
    warmMedianUs: percentile(samples, 50),
    warmP99Us: percentile(samples, 99),
  });
}
