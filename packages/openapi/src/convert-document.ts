import { describeOperation } from './describe-operation.ts';
import { OpenApiError } from './openapi-error.ts';
import {
  HTTP_METHODS,
  type HttpMethod,
  type OpenApiDocument,
  type OperationObject,
  type PathItemObject,
  type SecurityRequirement,
  type SecuritySchemeObject,
  type ServerObject,
} from './openapi-types.ts';
import { operationAnnotations } from './operation-annotations.ts';
import { type BodyBinding, operationInput, type ParameterBinding } from './operation-input.ts';
import { isJsonMediaType, operationOutput } from './operation-output.ts';
import {
  isSelected,
  type OperationOverride,
  overrideFor,
  type SelectionOptions,
} from './operation-selection.ts';
import { baseToolName, ToolNames } from './tool-name.ts';

/** One operation as a tool: what `tools/list` shows and what a call needs to build the request. */
export interface OperationTool {
  name: string;
  title: string | undefined;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown> | undefined;
  annotations: Record<string, unknown>;
  method: HttpMethod;
  path: string;
  operationId: string | undefined;
  tags: readonly string[];
  parameters: readonly ParameterBinding[];
  body: BodyBinding | undefined;
  /** The operation's security requirements (its own, else the document's). */
  security: readonly SecurityRequirement[];
  /**
   * Where the operation's own `servers` (or its path's) send it, variables at their
   * defaults; absent when it uses the API's base URL. A relative one resolves against it.
   */
  server?: string;
  /** The media types its 2xx responses declare, for `Accept`. */
  accept: string;
  /** Headers its 2xx responses document (lower case), passed on to the model with the answer. */
  responseHeaders?: string[];
}

export interface ConvertOptions extends SelectionOptions {
  /** Advertise the 2xx JSON response schema as `outputSchema` (default true). */
  outputSchema?: boolean;
}

/**
 * What a document converts to: its tools and what calling them needs. Plain JSON, so it can
 * be converted at build time and shipped instead of the document (`addOpenApiTools` takes it).
 */
export interface ConvertedApi {
  title: string;
  version: string;
  description: string | undefined;
  /** `servers[].url` of the document, in order, their variables at their defaults. */
  servers: string[];
  /** By name, as in `components.securitySchemes`. */
  securitySchemes: Readonly<Record<string, SecuritySchemeObject>>;
  tools: OperationTool[];
}

/**
 * One tool per operation of a loaded (dereferenced) document, in document order.
 * Throws `OpenApiError` for duplicate operationIds among the selected operations (the
 * document is invalid, and tool names would be ambiguous), invalid names given in overrides
 * and one name given to two operations.
 */
export function convertDocument(document: OpenApiDocument, options: ConvertOptions = {}): ConvertedApi {
  const schemes = { ...document.components?.securitySchemes };
  const names = new Map<object, string>();
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (typeof schema === 'object' && schema !== null) names.set(schema, name);
  }
  // Among the operations selected: excluding one of two alike is the way around a duplicate.
  const operationIds = new Map<string, string>();
  const selected: {
    method: HttpMethod;
    path: string;
    pathItem: PathItemObject;
    operation: OperationObject;
    override: OperationOverride;
  }[] = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (typeof pathItem !== 'object' || pathItem === null) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as OperationObject | undefined;
      if (typeof operation !== 'object' || operation === null) continue;
      const candidate = { method, path, operation };
      if (!isSelected(options, candidate)) continue;
      checkOperationId(operationIds, candidate);
      const override = overrideFor(options, candidate);
      if (override.hidden === true) continue;
      selected.push({ method, path, pathItem, operation, override });
    }
  }
  // Names given in configuration or x-mcp first: a generated name yields to them, never the reverse.
  const toolNames = new ToolNames();
  const given = new Map<string, string>();
  for (const { method, path, override } of selected) {
    if (override.name === undefined) continue;
    const where = `${method.toUpperCase()} ${path}`;
    const first = given.get(override.name);
    if (first !== undefined) {
      throw new OpenApiError(
        `The tool name "${override.name}" is given to both ${first} and ${where}: give each its own.`,
      );
    }
    given.set(override.name, where);
    toolNames.claim(override.name);
  }
  const tools: OperationTool[] = [];
  for (const { method, path, pathItem, operation, override } of selected) {
    const input = operationInput(path, pathItem, operation, schemes, names);
    const title = typeof operation.summary === 'string' ? operation.summary.trim() || undefined : undefined;
    tools.push({
      name: override.name ?? toolNames.claim(baseToolName(operation.operationId, method, path)),
      title,
      description: override.description ?? describeOperation(operation, method, path),
      inputSchema: input.schema,
      // A HEAD answer has no body (RFC 9110 §9.3.2), whatever body a generator copied from the GET.
      outputSchema:
        options.outputSchema === false || method === 'head' ? undefined : operationOutput(operation, names),
      annotations: operationAnnotations(method),
      method,
      path,
      operationId: operation.operationId,
      tags: Array.isArray(operation.tags) ? operation.tags : [],
      parameters: input.parameters,
      body: input.body,
      security: operation.security ?? document.security ?? [],
      accept: acceptHeader(operation),
      ...responseHeadersOf(operation),
      ...serverOf(operation.servers ?? pathItem.servers),
    });
  }
  return {
    title: document.info?.title ?? 'OpenAPI',
    version: document.info?.version ?? '0.0.0',
    description: document.info?.description,
    servers: (document.servers ?? []).map(serverUrl).filter((url) => url !== undefined),
    securitySchemes: schemes,
    tools,
  };
}

function serverOf(servers: readonly ServerObject[] | undefined): { server?: string } {
  const url = servers?.[0] === undefined ? undefined : serverUrl(servers[0]);
  return url === undefined ? {} : { server: url };
}

/** A server's URL with its variables at their defaults (a variable without one stays `{name}`). */
function serverUrl(server: ServerObject): string | undefined {
  if (typeof server?.url !== 'string') return undefined;
  return server.url.replace(
    /\{([^{}]+)\}/g,
    (variable, name: string) => server.variables?.[name]?.default ?? variable,
  );
}

function checkOperationId(
  seen: Map<string, string>,
  { method, path, operation }: { method: HttpMethod; path: string; operation: OperationObject },
): void {
  const id = operation.operationId;
  if (typeof id !== 'string') return;
  const where = `${method.toUpperCase()} ${path}`;
  const first = seen.get(id);
  if (first !== undefined) {
    throw new OpenApiError(
      `Duplicate operationId "${id}" (${first} and ${where}): operationIds must be unique, and tool names are made from them. Leave one out with \`exclude\` (its path or method) to convert the rest.`,
    );
  }
  seen.set(id, where);
}

/** The headers 2xx responses document (none: no key, so converted APIs stay as they were). */
function responseHeadersOf(operation: OperationObject): { responseHeaders?: string[] } {
  const names = new Set<string>();
  for (const [code, response] of Object.entries(operation.responses ?? {})) {
    if (!/^2/.test(code) || typeof response?.headers !== 'object' || response.headers === null) continue;
    for (const name of Object.keys(response.headers)) names.add(name.toLowerCase());
  }
  return names.size === 0 ? {} : { responseHeaders: [...names] };
}

function acceptHeader(operation: OperationObject): string {
  const types = new Set<string>();
  for (const [code, response] of Object.entries(operation.responses ?? {})) {
    if (!/^2/.test(code)) continue;
    for (const type of Object.keys(response?.content ?? {})) types.add(type);
  }
  if (types.size === 0) return 'application/json, */*;q=0.8';
  const sorted = [...types].sort((a, b) => Number(isJsonMediaType(b)) - Number(isJsonMediaType(a)));
  return sorted.join(', ');
}
