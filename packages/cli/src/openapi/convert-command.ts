import { writeFile } from 'node:fs/promises';
import { CliError, EXIT, usageError } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { loadApi } from './load-api.ts';

/** `lambda-mcp openapi convert`: see the help in openapi-command.ts. */
export async function convertSpec(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('openapi convert', argv, { out: { type: 'string' } }, 1);
  const [spec] = positionals;
  if (spec === undefined)
    throw usageError('missing the document: lambda-mcp openapi convert openapi.yaml --out tools.json');
  const { api } = await loadApi(spec);
  const json = `${JSON.stringify(api)}\n`;
  if (values.out === undefined) {
    io.stdout.write(json);
    return EXIT.ok;
  }
  try {
    await writeFile(values.out, json);
  } catch (error) {
    throw new CliError(`cannot write ${values.out}: ${(error as Error).message}`);
  }
  io.stderr.write(
    `Wrote ${values.out}: ${api.tools.length} tools of ${api.title} (load it with addOpenApiTools)\n`,
  );
  return EXIT.ok;
}
