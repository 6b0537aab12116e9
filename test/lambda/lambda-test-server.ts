import { createServer, lifespan, type McpServer, type ServerOptions, silentLogger } from 'lambda-mcp';
import * as z from 'zod';

/** A lifespan resource whose first creation fails, as a database that is not up yet. */
export function flakyResource() {
  let attempts = 0;
  const disposed: string[] = [];
  const resource = lifespan(
    () => {
      attempts += 1;
      if (attempts === 1) throw new Error('connection refused');
      return { id: `pool-${attempts}` };
    },
    { dispose: (pool) => disposed.push(pool.id) },
  );
  return { resource, disposed, attempts: () => attempts };
}

/** The server every Lambda test drives: tools that exercise what the adapter carries. */
export function createLambdaTestServer(options: { logger?: ServerOptions['logger'] } = {}): {
  server: McpServer;
  pool: ReturnType<typeof flakyResource>;
} {
  const pool = flakyResource();
  const server = createServer({
    name: 'test/lambda',
    version: '1.0.0',
    logger: options.logger ?? silentLogger,
  });
  server.tool(
    'echo',
    { description: 'Echo a message', input: z.object({ message: z.string() }) },
    ({ message }) => message,
  );
  server.tool('whoami', { description: 'The caller identity' }, (_input, ctx) =>
    JSON.stringify(ctx.auth ?? null),
  );
  server.tool('where', { description: 'The platform facts' }, (_input, ctx) => {
    const { platform } = ctx;
    if (platform.kind !== 'lambda') return JSON.stringify({ kind: platform.kind });
    return JSON.stringify({
      kind: platform.kind,
      awsRequestId: platform.context.awsRequestId,
      hasEvent: typeof platform.event === 'object',
      deadline: ctx.deadline,
    });
  });
  server.tool('stall', { description: 'Never finishes on its own' }, () => new Promise<string>(() => {}));
  server.tool(
    'count',
    { description: 'Reports progress, then the total', input: z.object({ to: z.number().int() }) },
    async ({ to }, ctx) => {
      for (let i = 1; i <= to; i++) {
        ctx.progress(i, to, `step ${i}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return `counted to ${to}`;
    },
  );
  server.tool(
    'big',
    {
      description: 'A result of a given size',
      input: z.object({ bytes: z.number().int(), char: z.string().default('x') }),
    },
    ({ bytes, char }) => char.repeat(bytes),
  );
  server.tool(
    'pool',
    { description: 'Uses the lazily created pool' },
    async () => (await pool.resource.get()).id,
  );
  return { server, pool };
}
