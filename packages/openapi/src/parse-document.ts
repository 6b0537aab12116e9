import { OpenApiError } from './openapi-error.ts';

/**
 * Reads document text as JSON (when it starts like JSON) or YAML. JSON is tried by its
 * own parser first because YAML's is ~10x slower on GitHub's 13 MB description.
 */
export async function parseDocumentText(text: string, origin: string): Promise<unknown> {
  const trimmed = text.trimStart();
  if (trimmed === '')
    throw new OpenApiError(`${origin} is empty: expected an OpenAPI document in JSON or YAML.`);
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new OpenApiError(`${origin} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  // Loaded on use: a server that ships a converted API (or JSON) never pays for the YAML parser.
  const { parse: parseYaml } = await import('yaml');
  try {
    // uniqueKeys stays on: a repeated key in a hand-written YAML document is an editing mistake.
    return parseYaml(text, { maxAliasCount: 10_000 });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new OpenApiError(`${origin} is not valid YAML: ${message}`, { cause: error });
  }
}
