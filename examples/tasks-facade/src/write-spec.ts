import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../../tasks/src/rest/openapi-document.ts';
import { TASK_ROUTES } from '../../tasks/src/rest/task-routes.ts';

// `npm run spec -w examples/tasks-facade`: refreshes openapi.json from the tasks REST API's
// route definitions. In a real project this is the product's published document (its
// GET /openapi.json); a test keeps the copy here equal to what the routes generate.
const file = new URL('../openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(openApiDocument(TASK_ROUTES), null, 2)}\n`);
console.log(`Wrote ${file.pathname}`);
