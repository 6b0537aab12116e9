import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The direction of dependencies, kept by walking the imports (DESIGN.md: "Dependencies
 * point one way"). Leaves at the bottom, adapters on top; the auth, limits and testing
 * entries build on the core and the core never imports them.
 */
const SRC = dirname(fileURLToPath(import.meta.url));

/** What each layer may import besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  config: [],
  protocol: [],
  schema: [],
  log: ['config'],
  server: ['protocol', 'schema', 'log', 'config'],
  http: ['server', 'protocol', 'schema', 'log', 'config'],
  'adapters/lambda': ['http', 'server', 'protocol', 'schema', 'log', 'config'],
  'adapters/node': ['http', 'server', 'protocol', 'schema', 'log', 'config'],
  'adapters/fetch': ['http', 'server', 'protocol', 'schema', 'log', 'config'],
  auth: ['root', 'adapters/lambda', 'http', 'server', 'protocol', 'schema', 'log', 'config'],
  limits: ['root', 'auth', 'http', 'server', 'protocol', 'schema', 'log', 'config'],
  testing: [
    'adapters/lambda',
    'adapters/node',
    'adapters/fetch',
    'http',
    'server',
    'protocol',
    'schema',
    'log',
    'config',
  ],
  root: ['http', 'server', 'protocol', 'schema', 'log', 'config'],
};

function layerOf(file: string): string {
  const path = relative(SRC, file).split('\\').join('/');
  if (!path.includes('/')) return 'root';
  const [top, second] = path.split('/');
  return top === 'adapters' ? `adapters/${second}` : (top as string);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(test|fixture)\.ts$/.test(entry.name) ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Static imports and re-exports, side-effect imports, and dynamic import() of a relative path.
  const pattern = /(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.[^']+)'/g;
  return [...text.matchAll(pattern)].map((m) => resolve(dirname(file), m[1] as string));
}

test('every import of the package points down the layers', () => {
  const violations: string[] = [];
  const files = sourceFiles(SRC);
  assert.ok(files.length > 50, 'the walk found the sources');
  for (const file of files) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    assert.ok(allowed, `no rule for layer ${from} (${relative(SRC, file)})`);
    for (const target of relativeImports(file)) {
      const to = layerOf(target);
      if (to !== from && !allowed.includes(to)) {
        violations.push(`${relative(SRC, file)} (${from}) imports ${relative(SRC, target)} (${to})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('the layer rules themselves have no cycle', () => {
  const visiting = new Set<string>();
  const visit = (layer: string, path: string[]): void => {
    assert.ok(!visiting.has(layer) || layer === path[0], `cycle: ${[...path, layer].join(' -> ')}`);
    if (visiting.has(layer)) return;
    visiting.add(layer);
    for (const next of ALLOWED[layer] ?? []) visit(next, [...path, layer]);
    visiting.delete(layer);
  };
  for (const layer of Object.keys(ALLOWED)) visit(layer, []);
});
