import { createServer } from 'lambda-mcp';
import { registerClientRequestTools } from './client-request-tools.ts';
import { registerContentTools } from './content-tools.ts';
import { registerMrtrTools } from './mrtr-tools.ts';
import { registerPrompts } from './prompts.ts';
import { registerResources } from './resources.ts';
import { registerSchemaTools } from './schema-tools.ts';

/**
 * Every tool, resource, template and prompt the official conformance suite calls, on one
 * stateless server: the fixture `test/conformance` runs both suite versions against.
 */
export const server = createServer({
  name: 'example/everything',
  version: '1.0.0',
  title: 'Everything',
  description: 'The MCP conformance fixture: one of every feature, on both protocol lanes.',
  instructions:
    'Test fixtures for the MCP conformance suite; every tool is named after the scenario it serves.',
});

registerContentTools(server);
registerClientRequestTools(server);
registerMrtrTools(server);
registerSchemaTools(server);
registerResources(server);
registerPrompts(server);
