import { EXIT, usageError } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { loadApi } from './load-api.ts';

/** `lambda-mcp openapi inspect`: see the help in openapi-command.ts. */
export async function inspectSpec(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('openapi inspect', argv, { json: { type: 'boolean' } }, 1);
  const [spec] = positionals;
  if (spec === undefined) throw usageError('missing the document: lambda-mcp openapi inspect openapi.yaml');
  const { api } = await loadApi(spec);
  if (values.json === true) {
    const tools = api.tools.map(({ name, description, inputSchema, annotations }) => ({
      name,
      description,
      inputSchema,
      annotations,
    }));
    io.stdout.write(`${JSON.stringify({ tools }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(
    `${api.title} ${api.version}: ${api.tools.length} tool${api.tools.length === 1 ? '' : 's'}\n\n`,
  );
  for (const tool of api.tools) {
    const properties = Object.keys((tool.inputSchema.properties as object | undefined) ?? {});
    const required = new Set((tool.inputSchema.required as string[] | undefined) ?? []);
    const args = properties.map((name) => (required.has(name) ? name : `${name}?`)).join(', ');
    io.stdout.write(`${tool.name}(${args})  ${tool.method.toUpperCase()} ${tool.path}\n`);
    io.stdout.write(`  ${tool.description.split('\n')[0]}\n`);
  }
  return EXIT.ok;
}
