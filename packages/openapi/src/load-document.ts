import { OpenApiError } from './openapi-error.ts';
import { HTTP_METHODS, type OpenApiDocument } from './openapi-types.ts';
import { parseDocumentText } from './parse-document.ts';

export interface LoadOptions {
  /** Names the document in error messages (a file path or URL). Default: `the document`. */
  origin?: string;
  /**
   * A file path or URL the document's relative external `$ref`s resolve against. Without
   * it only references inside the document resolve; remote (http) references never do.
   */
  referenceBase?: string;
}

/**
 * Parses (JSON or YAML text, or an already parsed object), checks the version and
 * dereferences every `$ref` with @apidevtools/json-schema-ref-parser. Circular references
 * stay as cycles in the object graph (the schema converter bounds them).
 * Throws `OpenApiError` with a message naming what is wrong.
 */
export async function loadOpenApiDocument(
  source: string | object,
  options: LoadOptions = {},
): Promise<OpenApiDocument> {
  const origin = options.origin ?? 'the document';
  const parsed = typeof source === 'string' ? await parseDocumentText(source, origin) : source;
  checkVersion(parsed, origin);
  checkReferences(parsed, origin, options.referenceBase);
  // Loaded on use, like the YAML parser: importing this package costs little until a document is loaded.
  const { dereference } = await import('@apidevtools/json-schema-ref-parser');
  let document: OpenApiDocument;
  try {
    // The dereferencer replaces $refs in place: never in an object the caller still holds.
    const own = typeof source === 'string' ? parsed : structuredClone(parsed);
    document = (await dereference(options.referenceBase ?? '', own as never, {
      resolve: { external: options.referenceBase !== undefined, http: false },
      dereference: { circular: true },
    })) as unknown as OpenApiDocument;
  } catch (error) {
    throw new OpenApiError(`${origin} has a $ref that cannot be resolved: ${refMessage(error)}`, {
      cause: error,
    });
  }
  checkPaths(document, origin);
  return document;
}

/**
 * The document as one self-contained object, `$ref`s kept: references into other files
 * (relative to `referenceBase`) are pulled in, references inside the document stay as they
 * are. What a project keeps beside its code (`lambda-mcp init --template openapi` writes it
 * as openapi.json). Checked like `loadOpenApiDocument`; throws `OpenApiError`.
 */
export async function bundleOpenApiDocument(
  source: string | object,
  options: LoadOptions = {},
): Promise<Record<string, unknown>> {
  const origin = options.origin ?? 'the document';
  const parsed = typeof source === 'string' ? await parseDocumentText(source, origin) : source;
  checkVersion(parsed, origin);
  checkReferences(parsed, origin, options.referenceBase);
  const { bundle } = await import('@apidevtools/json-schema-ref-parser');
  try {
    const own = typeof source === 'string' ? parsed : structuredClone(parsed);
    return (await bundle(options.referenceBase ?? '', own as never, {
      resolve: { external: options.referenceBase !== undefined, http: false },
    })) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new OpenApiError(`${origin} has a $ref that cannot be resolved: ${refMessage(error)}`, {
      cause: error,
    });
  }
}

function checkVersion(parsed: unknown, origin: string): asserts parsed is Record<string, unknown> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OpenApiError(
      `${origin} is not an OpenAPI document: expected an object with an "openapi" field.`,
    );
  }
  const record = parsed as Record<string, unknown>;
  if (record.swagger !== undefined) {
    throw new OpenApiError(
      `${origin} is Swagger ${String(record.swagger)}, which is not supported: convert it to OpenAPI 3 first (for example with swagger2openapi or the Swagger Editor) and use the converted document.`,
    );
  }
  if (typeof record.openapi === 'number') {
    throw new OpenApiError(
      `${origin} has the number ${record.openapi} as its "openapi" version (YAML reads an unquoted 3.1 as a number): write the full version as a string, such as openapi: "3.1.0".`,
    );
  }
  if (typeof record.openapi !== 'string') {
    throw new OpenApiError(`${origin} is not an OpenAPI document: it has no "openapi" version field.`);
  }
  if (/^3\.[01]$/.test(record.openapi)) {
    throw new OpenApiError(
      `${origin} is OpenAPI "${record.openapi}", which is not a full version: write it as "${record.openapi}.x", such as "${record.openapi === '3.0' ? '3.0.3' : '3.1.0'}" (3.0.x and 3.1.x are supported).`,
    );
  }
  if (!/^3\.[01]\.\d+/.test(record.openapi)) {
    throw new OpenApiError(`${origin} is OpenAPI ${record.openapi}; supported versions are 3.0.x and 3.1.x.`);
  }
}

const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

/**
 * A `$ref` the dereferencer would leave as it is: one into another file when there is no
 * referenceBase, or one over the network (never fetched). Left, it would convert to an
 * empty schema, and a model would call the operation without knowing its fields.
 */
function checkReferences(parsed: unknown, origin: string, referenceBase: string | undefined): void {
  const seen = new Set<object>();
  const pending: unknown[] = [parsed];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^file:/i.test(value)) {
          throw new OpenApiError(
            `${origin} has a $ref to ${value}, and references are never fetched over the network: save that file beside the document and refer to it by a relative path (with referenceBase), or bundle the document into one file first.`,
          );
        }
        if (referenceBase === undefined) {
          throw new OpenApiError(
            `${origin} has a $ref to another file (${value}) and no referenceBase to resolve it against, so its schema would be empty: pass referenceBase (the path or URL of ${origin}), or bundle the document into one file first.`,
          );
        }
      }
      // Examples, defaults, enums and extensions are data (a JSON Schema the API stores may
      // hold "$ref"), not references; an external example left unresolved harms nothing.
      if (!DATA_KEYS.has(key) && !key.startsWith('x-')) pending.push(value);
    }
  }
}

function checkPaths(document: OpenApiDocument, origin: string): void {
  const paths = document.paths as unknown;
  if (typeof paths !== 'object' || paths === null || Object.keys(paths).length === 0) {
    throw new OpenApiError(`${origin} has no paths: there are no operations to turn into tools.`);
  }
  // Paths that hold no operation would make a server with no tools, and say nothing of why.
  let miscased: string | undefined;
  for (const [path, item] of Object.entries(paths)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const [key, value] of Object.entries(item)) {
      if (typeof value !== 'object' || value === null) continue;
      if ((HTTP_METHODS as readonly string[]).includes(key)) return;
      if ((HTTP_METHODS as readonly string[]).includes(key.toLowerCase()))
        miscased ??= `${key} under ${path}`;
    }
  }
  throw new OpenApiError(
    `${origin} has paths but no operations: a path item holds them under ${HTTP_METHODS.slice(0, -1).join(', ')} or ${HTTP_METHODS.at(-1)}, in lower case${miscased === undefined ? '' : ` (found ${miscased})`}.`,
  );
}

/** The parser's message names the pointer ("Missing $ref pointer "#/x". Token "x" does not exist."): keep it, drop its stack. */
function refMessage(error: unknown): string {
  const errors = (error as { errors?: { message: string }[] }).errors;
  const first = errors?.[0]?.message ?? (error as Error).message;
  return first.split('\n')[0] ?? String(error);
}
