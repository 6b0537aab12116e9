import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { bundleOpenApiDocument, OpenApiError } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'openapi-bundle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MAIN = `openapi: 3.1.0
info: { title: Shop, version: '1' }
paths:
  /orders:
    get:
      responses:
        '200':
          description: orders
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Order' } }
components:
  schemas:
    Order: { $ref: './order.yaml' }
    Line: { type: object, properties: { order: { $ref: '#/components/schemas/Order' } } }
`;

describe('bundleOpenApiDocument', () => {
  test('pulls other files in and keeps the references inside the document', async () => {
    writeFileSync(join(dir, 'order.yaml'), 'type: object\nproperties: { id: { type: string } }\n');

    const document = await bundleOpenApiDocument(MAIN, { referenceBase: join(dir, 'main.yaml') });

    assert.deepEqual((document.components as { schemas: object }).schemas, {
      Order: { type: 'object', properties: { id: { type: 'string' } } },
      Line: { type: 'object', properties: { order: { $ref: '#/components/schemas/Order' } } },
    });
    assert.deepEqual(
      (document.paths as Record<string, { get: { responses: Record<string, { content: object }> } }>)[
        '/orders'
      ]!.get.responses['200']!.content,
      {
        'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Order' } } },
      },
    );
  });

  test('a file that is not there is an OpenApiError naming the document', async () => {
    const missing = MAIN.replace('./order.yaml', './gone.yaml');

    await assert.rejects(
      bundleOpenApiDocument(missing, { origin: 'main.yaml', referenceBase: join(dir, 'main.yaml') }),
      (error: unknown) =>
        error instanceof OpenApiError &&
        error.message.startsWith('main.yaml has a $ref that cannot be resolved: ') &&
        error.message.includes('gone.yaml'),
    );
  });

  test('Swagger 2.0 is refused as by loadOpenApiDocument', async () => {
    await assert.rejects(bundleOpenApiDocument({ swagger: '2.0' }), OpenApiError);
  });
});
