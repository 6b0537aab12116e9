/**
 * What access control costs a Lambda handler: the esbuild-bundled `createHandler` (built
 * packages, as deployed) with no auth; (a) an API Gateway authorizer's context in the event;
 * (b) in-process API-key verification (memory store); (c) JWT verification against a JWKS
 * served from loopback, the same token every call (verified-token cache) and a new token
 * per call (signature checked each time). Fresh process per sample, contenders interleaved.
 * The JWKS fetch (`prepare()`, done at init) is reported apart, and what of it is the bare
 * network fetch is measured in its own fresh processes.
 * Usage: node bench/auth.ts [processes=15] [calls=5000] [warmup=1000]
 */
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  dynamoKeyStore,
  keyTableDefinition,
} from '../packages/server/src/auth/api-keys/dynamodb-key-store.ts';
import { generateKey } from '../packages/server/src/auth/api-keys/key-format.ts';
import { startDynamoDbLocal } from '../packages/server/src/limits/dynamodb-local.fixture.ts';
import { buildPackages } from '../scripts/build-packages.ts';
import type { ProbeKind } from './auth/auth-probe.ts';
import { type Bundle, bundleDirectory, bundleHandler } from './lambda/bundle.ts';
import { runProbe } from './probe-output.ts';
import { fixed, markdownTable, median } from './stats.ts';

interface Contender {
  name: string;
  entry: 'none' | 'api-key' | 'api-key-dynamodb' | 'jwt' | 'jwt-jose';
  kind: ProbeKind;
  /** Warm calls for this contender (fresh tokens are signed ahead, DynamoDB Local is slow: fewer). */
  calls?: number;
  /** Built as `lambda-mcp build --code-cache` does, with its default training (no credential). */
  codeCache?: boolean;
  /** The row its Δ columns are taken against (default `no auth`). */
  base?: string;
  warmup?: number;
}

interface Sample {
  importMs: number;
  prepareMs: number;
  firstCallMs: number;
  warmMeanUs: number;
  warmMedianUs: number;
  warmP99Us: number;
}

const CONTENDERS: readonly Contender[] = [
  { name: 'no auth', entry: 'none', kind: 'none' },
  { name: '(a) API Gateway authorizer context', entry: 'none', kind: 'authorizer' },
  { name: '(b) API key in-process, memory store', entry: 'api-key', kind: 'api-key' },
  {
    name: '(b) API key in-process, DynamoDB store (DynamoDB Local, loopback)',
    entry: 'api-key-dynamodb',
    kind: 'api-key',
    calls: 500,
    warmup: 100,
  },
  { name: '(c) JWT, cached JWKS, same token', entry: 'jwt', kind: 'jwt' },
  { name: '(c) JWT, cached JWKS, new token per call', entry: 'jwt', kind: 'jwt-fresh', calls: 1000 },
  {
    name: 'no auth, build --code-cache',
    entry: 'none',
    kind: 'none',
    codeCache: true,
    base: 'no auth, build --code-cache',
  },
  {
    name: '(c) JWT, cached JWKS, same token, build --code-cache',
    entry: 'jwt',
    kind: 'jwt',
    codeCache: true,
    base: 'no auth, build --code-cache',
  },
  { name: '(c) JWT via jose (verifyWith), same token', entry: 'jwt-jose', kind: 'jwt' },
  {
    name: '(c) JWT via jose (verifyWith), new token per call',
    entry: 'jwt-jose',
    kind: 'jwt-fresh',
    calls: 1000,
  },
];
const RESOURCE = 'https://abc123.execute-api.us-east-1.amazonaws.com/mcp';
const KEY_TABLE = 'bench-api-keys';
const PROBE = fileURLToPath(new URL('./auth/auth-probe.ts', import.meta.url));

/** A loopback issuer: discovery and JWKS only; tokens are signed here. */
async function startIssuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'RS256', use: 'sig' };
  const server = createServer((request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer, jwks_uri: `${issuer}/jwks` }
        : request.url === '/jwks'
          ? { keys: [jwk] }
          : undefined;
    if (!body) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const sign = (subject: string) =>
    new SignJWT({ scope: 'bench:call', email: `${subject}@example.com` })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench-1' })
      .setIssuer(issuer)
      .setAudience(RESOURCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
  return { issuer, sign, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** An API key and the record a store keeps for it (the hash, never the key). */
async function benchKey() {
  const { key, keyId, hash } = await generateKey();
  const record = {
    keyId,
    hash,
    tenant: 'acme',
    name: 'bench',
    scopes: ['bench:call'],
    createdAt: new Date().toISOString(),
    lastUsedAt: new Date().toISOString(),
  };
  return { key, record };
}

export async function measureAuth(settings: { processes: number; calls: number; warmup: number }) {
  buildPackages(['lambda-mcp']);
  // Under the repository's node_modules: on Node, `verifyWith: 'jose'` loads jose at run
  // time from node_modules beside the bundle (it is never bundled there), as a deploy would ship it.
  const outDir = await bundleDirectory(fileURLToPath(new URL('../node_modules/.cache', import.meta.url)));
  const issuer = await startIssuer();
  const dynamo = await startDynamoDbLocal();
  try {
    const bundles = new Map<string, Bundle>();
    const handlerFile = (entry: string) =>
      fileURLToPath(new URL(`./auth/handlers/${entry}.ts`, import.meta.url));
    for (const entry of new Set(CONTENDERS.filter((c) => !c.codeCache).map((c) => c.entry))) {
      bundles.set(entry, await bundleHandler(handlerFile(entry), outDir, entry));
    }
    const { key, record } = await benchKey();
    await dynamo.client.send(new CreateTableCommand(keyTableDefinition(KEY_TABLE)));
    await dynamoKeyStore({ tableName: KEY_TABLE, client: dynamo.client }).insert(record);
    const tokensFile = join(outDir, 'tokens.json');
    const freshCount = settings.warmup + Math.max(...CONTENDERS.map((c) => c.calls ?? 0)) + 2;
    const tokens: string[] = [];
    for (let i = 0; i < freshCount; i++) tokens.push(await issuer.sign(`user-${i}`));
    writeFileSync(tokensFile, JSON.stringify(tokens));
    process.env.BENCH_ISSUER = issuer.issuer;
    process.env.BENCH_RESOURCE = RESOURCE;
    process.env.BENCH_API_KEY = key;
    process.env.BENCH_KEY_RECORDS = JSON.stringify([record]);
    // The DynamoDB store's SDK client reads these, as on Lambda (where the role supplies credentials).
    process.env.BENCH_KEY_TABLE = KEY_TABLE;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    process.env.BENCH_TOKEN = await issuer.sign('same-user');
    process.env.BENCH_TOKENS_FILE = tokensFile;
    // Recording runs the handler's init, which reads the settings above.
    for (const entry of new Set(CONTENDERS.filter((c) => c.codeCache).map((c) => c.entry))) {
      bundles.set(
        bundleKey({ entry, codeCache: true }),
        await bundleHandler(handlerFile(entry), outDir, `${entry}-code-cache`, [], 'default'),
      );
    }

    const samples = new Map<string, Sample[]>(CONTENDERS.map((c) => [c.name, []]));
    const fetches: number[] = [];
    for (let run = 0; run < settings.processes; run++) {
      for (const contender of CONTENDERS) {
        const bundle = bundles.get(bundleKey(contender)) as Bundle;
        const calls = String(Math.min(contender.calls ?? settings.calls, settings.calls));
        const warmup = String(Math.min(contender.warmup ?? settings.warmup, settings.warmup));
        const args = [bundle.file, contender.kind, warmup, calls];
        // Under the V8 flag the Lambda runtime starts Node with (a code cache is recorded under it).
        samples.get(contender.name)?.push(await runProbe<Sample>(PROBE, args, ['--expose-gc']));
      }
      fetches.push((await runProbe<{ fetchMs: number }>(PROBE, ['', 'fetch-only', '0', '0'])).fetchMs);
    }
    return { samples, fetchMs: median(fetches), bundles };
  } finally {
    await dynamo.stop();
    await issuer.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

function bundleKey(contender: { entry: string; codeCache?: boolean }): string {
  return contender.codeCache ? `${contender.entry} --code-cache` : contender.entry;
}

export function authTable(result: Awaited<ReturnType<typeof measureAuth>>): string {
  const cold = (s: Sample) => s.importMs + s.firstCallMs;
  const baseline = (contender: Contender) => {
    const base = result.samples.get(contender.base ?? 'no auth') ?? [];
    return { cold: median(base.map(cold)), warm: median(base.map((s) => s.warmMeanUs)) };
  };
  const kb = (bytes: number) => fixed(bytes / 1024, 1);
  return markdownTable(
    [
      'Lambda handler (bundled)',
      'import ms',
      'first call ms',
      'import + first ms',
      'Δ cold ms',
      'prepare() ms (JWKS fetch, apart)',
      'warm mean µs',
      'warm median µs',
      'warm p99 µs',
      'Δ warm mean µs',
      'bundle KB min',
      'processes',
    ],
    CONTENDERS.map((contender) => {
      const samples = result.samples.get(contender.name) ?? [];
      const m = (pick: (s: Sample) => number, digits = 2) => fixed(median(samples.map(pick)), digits);
      const coldMedian = median(samples.map(cold));
      const warmMean = median(samples.map((s) => s.warmMeanUs));
      const { cold: baseCold, warm: baseWarm } = baseline(contender);
      return [
        contender.name,
        m((s) => s.importMs),
        m((s) => s.firstCallMs),
        fixed(coldMedian),
        fixed(coldMedian - baseCold),
        contender.entry.startsWith('jwt') ? m((s) => s.prepareMs) : '–',
        m((s) => s.warmMeanUs, 1),
        m((s) => s.warmMedianUs, 1),
        m((s) => s.warmP99Us, 1),
        fixed(warmMean - baseWarm, 1),
        kb(result.bundles.get(bundleKey(contender))?.minifiedBytes ?? 0),
        String(samples.length),
      ];
    }),
  );
}

if (import.meta.main) {
  const [processes = '15', calls = '5000', warmup = '1000'] = process.argv.slice(2);
  const result = await measureAuth({
    processes: Number(processes),
    calls: Number(calls),
    warmup: Number(warmup),
  });
  console.log(authTable(result));
  console.log(
    `\nBare fetch of discovery + JWKS in a fresh process (Node's first fetch, loopback): median ${fixed(result.fetchMs)} ms.`,
  );
}
