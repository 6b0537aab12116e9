import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ConvertedApi } from '@lambda-mcp/openapi';
import { CliError } from '../cli-error.ts';

type OpenApiModule = typeof import('@lambda-mcp/openapi');

/**
 * The converter, loaded on use: it brings the YAML parser and the dereferencer, which no
 * other command needs. Installed beside the CLI as `@lambda-mcp/openapi`.
 */
export async function loadOpenApiModule(): Promise<OpenApiModule> {
  try {
    return await import('@lambda-mcp/openapi');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new CliError('the openapi commands need @lambda-mcp/openapi: npm install @lambda-mcp/openapi');
  }
}

/** How long fetching a document named by URL may take. */
const FETCH_TIMEOUT_MS = 15_000;

/**
 * The text of the document at `spec` (a file, or an http(s) URL an API publishes its
 * document at), and what its relative references resolve against; or one clear line when it
 * cannot be read. A fetched document's references to other files are not followed.
 */
export async function readSpec(spec: string): Promise<{ text: string; path: string | undefined }> {
  if (/^https?:\/\//i.test(spec))
    return { text: withoutByteOrderMark(await fetchSpec(spec)), path: undefined };
  const path = resolve(spec);
  try {
    return { text: withoutByteOrderMark(await readFile(path, 'utf8')), path };
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === 'ENOENT' ? `${spec} does not exist` : `cannot read ${spec}: ${(error as Error).message}`,
    );
  }
}

/** A byte order mark (Windows editors write one) is not JSON: JSON.parse refuses the document for it. */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function fetchSpec(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.8' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new CliError(`cannot fetch ${url}: ${reason}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CliError(
      `cannot fetch ${url}: it answered ${response.status} ${response.statusText}`.trimEnd(),
    );
  }
  return response.text();
}

/** Runs `load` with the converter's own errors (a document it cannot use) as one line and exit 1. */
export async function withDocumentErrors<T>(module: OpenApiModule, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof module.OpenApiError) throw new CliError(error.message);
    throw error;
  }
}

/** Reads and converts the document at `spec`; anything unusable becomes one line and exit 1. */
export async function loadApi(spec: string): Promise<{ api: ConvertedApi; module: OpenApiModule }> {
  const module = await loadOpenApiModule();
  const { text, path } = await readSpec(spec);
  const api = await withDocumentErrors(module, async () =>
    module.convertDocument(
      await module.loadOpenApiDocument(text, {
        origin: spec,
        ...(path === undefined ? {} : { referenceBase: path }),
      }),
    ),
  );
  return { api, module };
}
