import { createRequire } from 'node:module';
import type { ConvertedApi } from '@lambda-mcp/openapi';
import { CliError, usageError } from '../cli-error.ts';
import { loadOpenApiModule, readSpec, withDocumentErrors } from '../openapi/load-api.ts';
import type { ProjectCustomization } from './create-project.ts';

/** What the openapi template adds to its files: the user's document, its tools, and what they imply. */
export interface OpenApiProject extends ProjectCustomization {
  /** The API's base URL written into src/server.ts; '' when neither --upstream nor the document names one. */
  upstream: string;
  toolCount: number;
  /** Past the converter's threshold the server offers the discovery tools instead of one per operation. */
  discovery: boolean;
  /** Whether any operation names a security scheme: without one the caller's credential is never sent. */
  secured: boolean;
}

/**
 * Reads and converts the document before anything is written, so a document the converter
 * cannot use fails `init` with one line and no half-made project. The project keeps the
 * document self-contained (references to other files pulled in) as openapi.json, and its
 * conversion as tools.json, byte for byte what `lambda-mcp openapi convert` writes.
 */
export async function openApiProject(
  spec: string,
  upstreamOption: string | undefined,
): Promise<OpenApiProject> {
  const upstreamGiven = upstreamOption === undefined ? undefined : httpUrl(upstreamOption);
  const module = await loadOpenApiModule();
  const { text, path } = await readSpec(spec);
  const { document, api } = await withDocumentErrors(module, async () => {
    const document = await module.bundleOpenApiDocument(text, {
      origin: spec,
      ...(path === undefined ? {} : { referenceBase: path }),
    });
    return {
      document,
      api: module.convertDocument(await module.loadOpenApiDocument(document, { origin: spec })),
    };
  });
  if (api.tools.length === 0) throw new CliError(`${spec} has no operations to turn into tools`);
  const upstream = upstreamGiven ?? defaultUpstream(api.servers, path === undefined ? spec : undefined);
  const version = (createRequire(import.meta.url)('@lambda-mcp/openapi/package.json') as { version: string })
    .version;
  return {
    upstream,
    toolCount: api.tools.length,
    discovery: api.tools.length > module.DEFAULT_DISCOVERY_THRESHOLD,
    secured: api.tools.some((tool) => tool.security.length > 0),
    files: {
      'openapi.json': `${JSON.stringify(document, null, 2)}\n`,
      'tools.json': `${JSON.stringify(api)}\n`,
    },
    placeholders: {
      __API_TITLE__: api.title,
      __TOOL_COUNT__: String(api.tools.length),
      __CREDENTIAL_HEADER__: credentialHeader(api),
      __UPSTREAM_URL__: upstream,
      __UPSTREAM_SHOWN__: upstream === '' ? 'none yet' : upstream,
    },
    dependencies: { '@lambda-mcp/openapi': `^${version}` },
  };
}

/**
 * The document's first server the tools can call: an absolute http(s) URL, or (for a
 * document fetched from a URL) a relative one, which OpenAPI resolves against where the
 * document is served. '' when there is none.
 */
function defaultUpstream(servers: readonly string[], documentUrl: string | undefined): string {
  for (const server of servers) {
    if (server.includes('{') || (documentUrl === undefined && !/^https?:\/\//i.test(server))) continue;
    let url: URL;
    try {
      url = new URL(server, documentUrl);
    } catch {
      continue;
    }
    if (url.protocol === 'http:' || url.protocol === 'https:') return codeSafe(url);
  }
  return '';
}

/** A URL as src/server.ts quotes it: no trailing slash, no quote that would end the string. */
function codeSafe(url: URL): string {
  return url.href.replace(/\/+$/, '').replaceAll("'", '%27');
}

/** The header clients send their credential in: the one the API itself reads, when it reads a header. */
function credentialHeader(api: ConvertedApi): string {
  const name = api.tools.flatMap((tool) =>
    tool.security.flatMap((requirement) => Object.keys(requirement)),
  )[0];
  const scheme = name === undefined ? undefined : api.securitySchemes[name];
  if (scheme?.type !== 'apiKey') return 'authorization';
  // Written into src/server.ts: only a plain header name, never one that could end its string.
  const own = scheme.in === 'header' && typeof scheme.name === 'string' ? scheme.name.toLowerCase() : '';
  return /^[a-z0-9][a-z0-9_.-]*$/.test(own) ? own : 'x-api-key';
}

function httpUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw usageError(`--upstream must be the API's http(s) base URL, not "${value}"`);
  }
  return codeSafe(url);
}
