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

/** Reads and converts the document at `spec`; anything unusable becomes one line and exit 1. */
export async function loadApi(spec: string): Promise<{ api: ConvertedApi; module: OpenApiModule }> {
  const module = await loadOpenApiModule();
  const path = resolve(spec);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === 'ENOENT' ? `${spec} does not exist` : `cannot read ${spec}: ${(error as Error).message}`,
    );
  }
  try {
    const document = await module.loadOpenApiDocument(text, { origin: spec, referenceBase: path });
    return { api: module.convertDocument(document), module };
  } catch (error) {
    if (error instanceof module.OpenApiError) throw new CliError(error.message);
    throw error;
  }
}
