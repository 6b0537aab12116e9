import type { CommandIo } from '../command.ts';
import { styleFor } from '../terminal-style.ts';
import type { ClientSession } from './connect-client.ts';
import { describeObjectSchema } from './describe-schema.ts';

/**
 * Lists what the server offers, each kind only when its capability is declared: a server
 * without prompts answers prompts/list with an error, which is not worth showing.
 */
export async function printCatalog(
  session: ClientSession,
  output: { json: boolean; io: CommandIo },
): Promise<void> {
  const { client, timeoutMs } = session;
  const capabilities = client.getServerCapabilities() ?? {};
  const options = { timeout: timeoutMs };
  const [tools, resources, templates, prompts] = await Promise.all([
    capabilities.tools ? client.listTools(undefined, options).then((r) => r.tools) : [],
    capabilities.resources ? client.listResources(undefined, options).then((r) => r.resources) : [],
    // Servers with resources but no templates may not implement the method at all.
    capabilities.resources
      ? client
          .listResourceTemplates(undefined, options)
          .then((r) => r.resourceTemplates)
          .catch(emptyWhenNotFound)
      : [],
    capabilities.prompts ? client.listPrompts(undefined, options).then((r) => r.prompts) : [],
  ]);
  const server = client.getServerVersion();
  const protocolVersion = client.getNegotiatedProtocolVersion();
  const { io } = output;
  if (output.json) {
    const catalog = { server, protocolVersion, tools, resources, resourceTemplates: templates, prompts };
    io.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
    return;
  }
  const style = styleFor(io.stdout);
  const write = (line: string) => io.stdout.write(`${line}\n`);
  write(
    `${style.bold(`${server?.name ?? 'server'} ${server?.version ?? ''}`.trim())} ${style.dim(`at ${session.url.href}, protocol ${protocolVersion ?? 'unknown'}`)}`,
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

const METHOD_NOT_FOUND = -32601;

function emptyWhenNotFound(error: unknown): never[] {
  if ((error as { code?: unknown }).code === METHOD_NOT_FOUND) return [];
  throw error;
}
