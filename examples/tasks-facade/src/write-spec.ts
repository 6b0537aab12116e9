import { writeFileSync } from 'node:fs';
import { convertDocument, loadOpenApiDocument } from '@lambda-mcp/openapi';
import { openApiDocument } from '../../tasks/src/rest/openapi-document.ts';
import { TASK_ROUTES } from '../../tasks/src/rest/task-routes.ts';

// `npm run spec -w examples/tasks-facade`: refreshes openapi.json from the tasks REST API's
// route definitions (in a real project: the product's published document) and converts it
// into tools.json, which the Lambda ships: converting at build time keeps the dereferencer
// and YAML parser out of the bundle and off the cold start (BENCHMARKS.md, OpenAPI façade).
// A test keeps both files equal to what the routes generate.
const document = openApiDocument(TASK_ROUTES);
const api = convertDocument(await loadOpenApiDocument(document));
for (const [name, value] of [
  ['openapi.json', document],
  ['tools.json', api],
] as const) {
  const file = new URL(`../${name}`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`Wrote ${file.pathname}`);
}
