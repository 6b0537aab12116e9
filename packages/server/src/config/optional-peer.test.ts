import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadOptionalPeer, optionalPeer } from './optional-peer.ts';

test('a missing peer fails with a message naming the package to install', async () => {
  await assert.rejects(
    loadOptionalPeer(
      'lambda-mcp-test-package-that-is-not-installed',
      () => import('lambda-mcp-test-package-that-is-not-installed' as string),
      'OAuth bearer token verification',
    ),
    {
      message:
        'OAuth bearer token verification needs the optional peer dependency "lambda-mcp-test-package-that-is-not-installed", which is not installed. Install it next to lambda-mcp: npm install lambda-mcp-test-package-that-is-not-installed',
    },
  );
});

test('an installed peer missing a dependency of its own is not reported as not installed: its error passes through', async (t) => {
  // A real module whose import fails the way a broken install of the SDK does.
  const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-peer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'index.mjs');
  writeFileSync(entry, "export * from 'lambda-mcp-test-dependency-that-is-not-installed';\n");
  await assert.rejects(
    loadOptionalPeer('jose', () => import(pathToFileURL(entry).href), 'OAuth bearer token verification'),
    {
      code: 'ERR_MODULE_NOT_FOUND',
      message: `Cannot find package 'lambda-mcp-test-dependency-that-is-not-installed' imported from ${entry}`,
    },
  );
});

test('other load errors pass through unchanged', async () => {
  await assert.rejects(
    loadOptionalPeer('jose', () => Promise.reject(new SyntaxError('broken')), 'x'),
    { name: 'SyntaxError', message: 'broken' },
  );
});

test('optionalPeer loads once, shares the promise, and tries again after a failure; its hint ends the message', async () => {
  let loads = 0;
  let installed = false;
  const load = optionalPeer(
    'jose',
    async () => {
      loads += 1;
      if (!installed)
        throw Object.assign(new Error("Cannot find package 'jose' imported from /app/index.mjs"), {
          code: 'ERR_MODULE_NOT_FOUND',
        });
      return { loaded: loads };
    },
    'Or leave it out.',
  );

  await assert.rejects(load('Feature'), {
    message:
      'Feature needs the optional peer dependency "jose", which is not installed. Install it next to lambda-mcp: npm install jose. Or leave it out.',
  });
  installed = true;
  const [first, second] = await Promise.all([load('Feature'), load('Feature')]);

  assert.equal(first, second);
  assert.deepEqual(first, { loaded: 2 });
  assert.equal(loads, 2);
});

// Records every module a fresh process resolves while importing the entries, then while
// using each feature: the peers must load only on use.
const probe = `
import { registerHooks } from 'node:module';
const peers = new Set();
registerHooks({ resolve(specifier, context, next) {
  if (/^(jose|@aws-sdk\\/)/.test(specifier)) peers.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
  return next(specifier, context);
} });
const src = ${JSON.stringify(fileURLToPath(new URL('..', import.meta.url)))};
await import(src + 'index.ts');
await import(src + 'auth/index.ts');
const limits = await import(src + 'limits/index.ts');
const afterImport = [...peers];
const auth = await import(src + 'auth/index.ts');
const store = auth.memoryKeyStore();
const { key } = await auth.createKey(store, { tenant: 't', name: 'n' });
await auth.verifyApiKey(store, key);
await limits.createRateLimiter({ rules: [{ by: 'global', rate: 1, per: '1s' }] }).check({});
const afterMemory = [...peers];
const jwt = { issuer: 'http://127.0.0.1:1', audience: 'x', jwksUri: 'http://127.0.0.1:1/jwks' };
await auth.createTokenVerifier(jwt)('a.b.c');
const afterJwt = [...peers];
await auth.createTokenVerifier({ ...jwt, verifyWith: 'jose' })('a.b.c');
const afterJose = [...peers];
console.log(JSON.stringify({ afterImport, afterMemory, afterJwt, afterJose }));
`;

test('importing lambda-mcp, lambda-mcp/auth or lambda-mcp/limits loads no peer until a feature needs it; on Node, JWTs need none', () => {
  const output = execFileSync(
    process.execPath,
    ['--conditions=@lambda-mcp/source', '--input-type=module', '--eval', probe],
    { encoding: 'utf8' },
  );
  assert.deepEqual(JSON.parse(output), {
    afterImport: [],
    afterMemory: [],
    afterJwt: [],
    afterJose: ['jose'],
  });
});
