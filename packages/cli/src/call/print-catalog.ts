import type { CommandIo } from '../command.ts';
import type { JsonObject } from '../remote/json-rpc.ts';
import { styleFor } from '../terminal-style.ts';
import { describeObjectSchema } from './describe-schema.ts';
import type { ServerConnection } from './server-connection.ts';
import { ServerError } from './server-error.ts';

interface Tool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
}

interface Resource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

interface ResourceTemplate {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
}

interface Prompt {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}

/** Pages of one list followed: enough for any catalog, and a stop for a server that loops. */
const MAX_PAGES = 100;

const METHOD_NOT_FOUND = -32601;

/**
 * Lists what the server offers, each kind only when its capability is declared: a server
 * without prompts answers prompts/list with an error, which is not worth showing.
 */
export async function printCatalog(
  connection: ServerConnection,
  output: { json: boolean; io: CommandIo },
): Promise<void> {
  const { capabilities } = connection;
  const [tools, resources, templates, prompts] = await Promise.all([
    capabilities.tools ? listAll<Tool>(connection, 'tools/list', 'tools') : [],
    capabilities.resources ? listAll<Resource>(connection, 'resources/list', 'resources') : [],
    // Servers with resources but no templates may not implement the method at all.
    capabilities.resources
      ? listAll<ResourceTemplate>(connection, 'resources/templates/list', 'resourceTemplates').catch(
          emptyWhenNotFound,
        )
      : [],
    capabilities.prompts ? listAll<Prompt>(connection, 'prompts/list', 'prompts') : [],
  ]);
  const server = connection.serverInfo as { name?: string; version?: string } | undefined;
  const protocolVersion = connection.revision;
  const { io } = output;
  if (output.json) {
    const catalog = { server, protocolVersion, tools, resources, resourceTemplates: templates, prompts };
    io.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
    return;
  }
  const style = styleFor(io.stdout);
  const write = (line: string) => io.stdout.write(`${line}\n`);
  write(
    `${style.bold(`${server?.name ?? 'server'} ${server?.version ?? ''}`.trim())} ${style.dim(`at ${connection.url.href}, protocol ${protocolVersion}`)}`,
  );
  const section = (title: string, count: number) => write(`\n${style.bold(`${title} (${count})`)}`);

  section('tools', tools.length);
  for (const tool of tools) {
    write(`  ${style.cyan(tool.name)}${tool.title ? `  ${tool.title}` : ''}`);
    if (tool.description) write(`    ${style.dim(tool.description)}`);
    for (const line of describeObjectSchema(tool.inputSchema)) write(`    - ${line}`);
    if (tool.outputSchema)
      write(`    ${style.dim(`returns: ${describeObjectSchema(tool.outputSchema).join('; ')}`)}`);
  }
  section('resources', resources.length);
  for (const resource of resources) {
    write(
      `  ${style.cyan(resource.uri)}  ${resource.title ?? resource.name}${resource.mimeType ? ` (${resource.mimeType})` : ''}`,
    );
    if (resource.description) write(`    ${style.dim(resource.description)}`);
  }
  section('resource templates', templates.length);
  for (const template of templates) {
    write(`  ${style.cyan(template.uriTemplate)}  ${template.title ?? template.name}`);
    if (template.description) write(`    ${style.dim(template.description)}`);
  }
  section('prompts', prompts.length);
  for (const prompt of prompts) {
    write(`  ${style.cyan(prompt.name)}${prompt.title ? `  ${prompt.title}` : ''}`);
    if (prompt.description) write(`    ${style.dim(prompt.description)}`);
    for (const argument of prompt.arguments ?? []) {
      write(
        `    - ${argument.name}${argument.required ? ' (required)' : ''}${argument.description ? ` · ${argument.description}` : ''}`,
      );
    }
  }
}

/** Every page of a list, following `nextCursor`. */
async function listAll<T>(connection: ServerConnection, method: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: JsonObject = await connection.request(method, cursor === undefined ? {} : { cursor });
    const entries = result[key];
    // Entries that are not objects (null, a string) are a server's slip, not items to print.
    if (Array.isArray(entries))
      items.push(...entries.filter((item): item is T => typeof item === 'object' && item !== null));
    // A cursor handed back a second time would only fetch a page already fetched, up to MAX_PAGES.
    if (typeof result.nextCursor !== 'string' || seen.has(result.nextCursor)) break;
    cursor = result.nextCursor;
    seen.add(cursor);
  }
  return items;
}

function emptyWhenNotFound(error: unknown): never[] {
  if (error instanceof ServerError && error.code === METHOD_NOT_FOUND) return [];
  throw error;
}
