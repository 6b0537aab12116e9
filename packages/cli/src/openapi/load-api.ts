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

/** The text of the document at `spec`, or one clear line when it cannot be read. */
export async function readSpec(spec: string): Promise<{ text: string; path: string }> {
  const path = resolve(spec);
  try {
    return { text: await readFile(path, 'utf8'), path };
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === 'ENOENT' ? `${spec} does not exist` : `cannot read ${spec}: ${(error as Error).message}`,
    );
  }
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
    module.convertDocument(await module.loadOpenApiDocument(text, { origin: spec, referenceBase: path })),
  );
  return { api, module };
}
