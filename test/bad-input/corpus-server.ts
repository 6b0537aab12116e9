import { createServer, type McpServer, silentLogger } from 'lambda-mcp';
import * as z from 'zod';

/** A small body limit keeps the over-limit cases cheap to send. */
export const MAX_BODY_BYTES = 4096;

/**
 * The server every bad-input case runs against: one of each kind of thing a client can
 * name (tool, tool with a mirrored header, elicitation, resource, prompt), and a page
 * size of one so that list cursors exist.
 */
export function corpusServer(): McpServer {
  const server = createServer({
    name: 'test/bad-input',
    version: '1.0.0',
    pageSize: 1,
    logger: silentLogger,
    requestState: { secret: 'bad-input-corpus-secret' },
  });
  server.tool(
    'echo',
    { description: 'Echoes its text.', input: z.object({ text: z.string().min(1) }) },
    ({ text }) => text,
  );
  server.tool(
    'by_region',
    {
      description: 'Answers for a region, mirrored into the Mcp-Param-Region header.',
      input: { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' } } },
    },
    (input) => `region ${String(input.region)}`,
  );
  server.tool('confirm', { description: 'Asks the user to confirm.' }, (_input, ctx) => {
    const answer = ctx.elicit('confirm', {
      message: 'Proceed?',
      requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
    });
    return `answer ${answer.action}`;
  });
  server.resource('file:///readme.txt', { name: 'readme', mimeType: 'text/plain' }, () => 'read me');
  server.prompt(
    'greet',
    { description: 'Greets someone.', arguments: [{ name: 'name', required: true }] },
    (args) => `Hello ${args.name}`,
  );
  return server;
}
