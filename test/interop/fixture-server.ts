import { createServer, ErrorCode, type McpServer, ProtocolError, silentLogger, ToolError } from 'lambda-mcp';
import * as z from 'zod';

const NOTES: Record<string, string> = {
  lambda: 'Lambda bills init time: keep imports lean.',
  latency: 'Measure latency in bench/, never in a test.',
  logging: 'Log JSON lines with a request id.',
};

const LANGUAGES = ['go', 'java', 'javascript', 'python', 'typescript'];

/** The server the official clients are tested against: one of each kind of thing MCP has. */
export function createFixtureServer(options: { pageSize?: number } = {}): McpServer {
  const server = createServer({
    ...options,
    name: 'interop/fixture',
    version: '1.2.3',
    title: 'Interop fixture',
    instructions: 'A fixture for client interop tests.',
    logger: silentLogger,
    requestState: { secret: 'interop-tests-only-secret-0123456789' },
  });

  server.tool(
    'echo',
    { description: 'Returns its text.', input: z.object({ text: z.string() }) },
    ({ text }) => text,
  );

  server.tool(
    'add',
    {
      description: 'Adds two numbers.',
      input: z.object({ a: z.number(), b: z.number() }),
      output: z.object({ sum: z.number() }),
      annotations: { readOnlyHint: true },
    },
    ({ a, b }) => ({ sum: a + b }),
  );

  server.tool(
    'count_slowly',
    {
      description: 'Counts to `to`, reporting progress and logging each step.',
      input: z.object({ to: z.number().int().min(1).max(10) }),
    },
    async ({ to }, ctx) => {
      for (let step = 1; step <= to; step++) {
        // Yield so each notification leaves before the next step, as real work would.
        await new Promise((resolve) => setImmediate(resolve));
        ctx.progress(step, to, `step ${step}`);
        ctx.log('debug', { step, detail: 'debug noise' }, 'counter');
        ctx.log('info', `counted ${step}`, 'counter');
      }
      return `counted to ${to}`;
    },
  );

  server.tool(
    'find_task',
    { description: 'Finds a task by id.', input: z.object({ id: z.number() }) },
    ({ id }) => {
      throw new ToolError(`Task ${id} not found. Call list_tasks to see valid ids.`, { code: 'NOT_FOUND' });
    },
  );

  server.tool(
    'book_table',
    {
      description: 'Books a table, asking the user how many seats.',
      input: z.object({ restaurant: z.string() }),
    },
    ({ restaurant }, ctx) => {
      const answer = ctx.elicit('seats', {
        message: `How many seats at ${restaurant}?`,
        requestedSchema: {
          type: 'object',
          properties: { seats: { type: 'integer', minimum: 1, maximum: 12 } },
          required: ['seats'],
        },
      });
      if (answer.action !== 'accept') return `No booking at ${restaurant}: the user chose ${answer.action}.`;
      return `Booked ${String(answer.content?.seats)} seats at ${restaurant}.`;
    },
  );

  server.tool(
    'local_time',
    {
      description: 'The local time in a region (the region is mirrored into the Mcp-Param-Region header).',
      input: {
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, city: { type: 'string' } },
        required: ['region', 'city'],
      },
    },
    (input) => `It is noon in ${String(input.city)}, ${String(input.region)}.`,
  );

  server.resource(
    'info://server',
    { name: 'server-info', title: 'Server info', mimeType: 'text/plain' },
    () => 'interop fixture v1.2.3',
  );

  server.resourceTemplate(
    'notes://{topic}',
    { name: 'note', description: 'A note on a topic.', mimeType: 'text/markdown' },
    (uri, { topic }) => {
      const note = topic === undefined ? undefined : NOTES[topic];
      if (note === undefined) throw new ProtocolError(ErrorCode.InvalidParams, `Resource not found: ${uri}`);
      return `# ${topic}\n\n${note}`;
    },
    {
      complete: { topic: (value) => Object.keys(NOTES).filter((t) => t.startsWith(value)) },
      list: () => Object.keys(NOTES).map((topic) => ({ uri: `notes://${topic}`, name: `note-${topic}` })),
    },
  );

  server.prompt(
    'review_code',
    {
      title: 'Review code',
      description: 'Asks for a code review.',
      arguments: [
        { name: 'language', description: 'Programming language', required: true },
        { name: 'focus', description: 'What to look at' },
      ],
    },
    ({ language, focus }) =>
      `Review this ${language} code${focus === undefined ? '' : `, focusing on ${focus}`}.`,
    { complete: { language: (value) => LANGUAGES.filter((l) => l.startsWith(value)) } },
  );

  return server;
}
