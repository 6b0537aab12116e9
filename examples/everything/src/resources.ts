import type { McpServer } from 'lambda-mcp';
import { TEST_IMAGE_BASE64 } from './fixtures.ts';

export function registerResources(server: McpServer): void {
  server
    .resource(
      'test://static-text',
      {
        name: 'static-text',
        title: 'Static Text Resource',
        description: 'A static text resource for testing',
        mimeType: 'text/plain',
      },
      () => 'This is the content of the static text resource.',
    )
    .resource(
      'test://static-binary',
      {
        name: 'static-binary',
        title: 'Static Binary Resource',
        description: 'A static binary resource (image) for testing',
        mimeType: 'image/png',
      },
      () => ({ blob: TEST_IMAGE_BASE64 }),
    )
    .resource(
      'test://watched-resource',
      {
        name: 'watched-resource',
        title: 'Watched Resource',
        description: 'A resource clients may watch (it never changes on a stateless server)',
        mimeType: 'text/plain',
      },
      () => 'Watched resource content',
    )
    .resourceTemplate(
      'test://template/{id}/data',
      {
        name: 'template',
        title: 'Resource Template',
        description: 'A resource template with parameter substitution',
        mimeType: 'application/json',
      },
      (_uri, { id }) => JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
      { complete: { id: (value) => ['1', '2', '42', '123'].filter((id) => id.startsWith(value)) } },
    );
}
