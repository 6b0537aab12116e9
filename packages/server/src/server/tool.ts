import { ErrorCode, invalidParams, ProtocolError } from '../protocol/errors.ts';
import { isJsonObject } from '../protocol/jsonrpc.ts';
import type { CallToolResult, ContentBlock, Icon, ToolAnnotations } from '../protocol/wire-types.ts';
import type { FromJsonSchema } from '../schema/json-schema-type.ts';
import {
  type CompiledSchema,
  compileSchema,
  EMPTY_OBJECT_SCHEMA,
  type SchemaLike,
} from '../schema/schema.ts';
import { isStandardSchema, type StandardSchemaV1 } from '../schema/standard-schema.ts';
import type { AccessRule } from './access.ts';
import type { RequestContext } from './context.ts';
import { InputRequired } from './input-required.ts';
import { findParamHeaders, type ParamHeader, paramHeaderProblem } from './param-headers.ts';
import { HandlerAborted, runHandler } from './run-handler.ts';
import { ToolError } from './tool-error.ts';

export interface ToolConfig<In extends SchemaLike | undefined, Out extends SchemaLike | undefined> {
  title?: string;
  /** Tell the model when to use this tool and what it returns. */
  description: string;
  /** Arguments: a Standard Schema (zod v4, ...) or a JSON Schema object. */
  input?: In;
  /** Structured output: the handler returns a value of this shape. */
  output?: Out;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  /**
   * Arguments the input schema does not declare: `refuse` answers a VALIDATION_ERROR
   * naming them and the accepted ones (a model's typo must not be silently dropped),
   * `allow` passes them on. Default: the server's `unknownArguments`, itself `refuse`.
   * A schema that admits extra properties (`additionalProperties`, `z.looseObject`) keeps them either way.
   */
  unknownArguments?: 'refuse' | 'allow';
  /** Who may list and call it: scopes, or a policy of `ctx.auth` (see `AccessRule`). */
  auth?: AccessRule;
}

/**
 * A Standard Schema's output type; a JSON Schema written in place (the `tool` type parameters
 * are `const`) as `FromJsonSchema` reads it; anything else (a schema in a variable typed
 * `Record<string, unknown>`, say) the fallback.
 */
type Infer<S, Fallback, Json> =
  S extends StandardSchemaV1<unknown, infer O> ? O : S extends Json ? FromJsonSchema<S> : Fallback;

type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

export type ToolInput<In> = Infer<In, Record<string, unknown>, { readonly type: 'object' }>;

/** What a tool without `output` returns: text, content blocks or a whole result. */
export type ContentReturn = string | ContentBlock[] | CallToolResult;

/** What a tool with `output` returns: the structured value. */
export type StructuredReturn<Out> = Infer<
  Out,
  Record<string, unknown>,
  { readonly type: JsonTypeName | readonly JsonTypeName[] }
>;

export type ToolHandler<In, Out> = (
  input: ToolInput<In>,
  ctx: RequestContext,
) => Out extends SchemaLike
  ? StructuredReturn<Out> | Promise<StructuredReturn<Out>>
  : ContentReturn | Promise<ContentReturn>;

export interface ToolDefinition {
  readonly name: string;
  readonly access: AccessRule | undefined;
  readonly refuseUnknown: boolean;
  readonly descriptor: Record<string, unknown>;
  /**
   * The descriptor for 2025 clients, whose schema allows only an object `outputSchema`
   * (SDK clients refuse the whole tools/list otherwise): another shape is left out.
   */
  readonly legacyDescriptor: Record<string, unknown>;
  readonly input: CompiledSchema;
  readonly output: CompiledSchema | undefined;
  /** Arguments mirrored into `Mcp-Param-*` headers (2026-07-28 `x-mcp-header`). */
  readonly paramHeaders: readonly ParamHeader[];
  readonly handler: (input: unknown, ctx: RequestContext) => unknown;
}

function assertObjectSchema(name: string, jsonSchema: Record<string, unknown>): void {
  if (jsonSchema.type !== 'object') {
    throw new TypeError(
      `Tool "${name}": input must be an object schema (MCP requires inputSchema.type "object").`,
    );
  }
  // Caught here, not by its users: a conforming client leaves such a tool out of tools/list without a word.
  const problem = paramHeaderProblem(jsonSchema);
  if (problem) {
    throw new TypeError(
      `Tool "${name}": ${problem}. Clients drop a tool whose x-mcp-header breaks the 2026-07-28 rules from tools/list.`,
    );
  }
}

/** Rewrites a schema before `tools/list` advertises it (e.g. `portableSchema`); validation keeps the original. */
export type SchemaOutput = (schema: Record<string, unknown>) => Record<string, unknown>;

function describeTool(
  name: string,
  config: ToolConfig<SchemaLike | undefined, SchemaLike | undefined>,
  input: CompiledSchema,
  output: CompiledSchema | undefined,
  advertise: SchemaOutput | undefined,
): Record<string, unknown> {
  assertObjectSchema(name, input.jsonSchema);
  const descriptor: Record<string, unknown> = { name };
  if (config.title !== undefined) descriptor.title = config.title;
  descriptor.description = config.description;
  descriptor.inputSchema = advertise ? advertise(input.jsonSchema) : input.jsonSchema;
  if (output) descriptor.outputSchema = advertise ? advertise(output.jsonSchema) : output.jsonSchema;
  if (config.annotations) descriptor.annotations = config.annotations;
  if (config.icons) descriptor.icons = config.icons;
  if (config._meta) descriptor._meta = config._meta;
  return descriptor;
}

export function defineTool(
  name: string,
  config: ToolConfig<SchemaLike | undefined, SchemaLike | undefined>,
  handler: (input: never, ctx: RequestContext) => unknown,
  serverDefaults: {
    unknownArguments?: 'refuse' | 'allow' | undefined;
    schemaOutput?: SchemaOutput | undefined;
  } = {},
): ToolDefinition {
  const input = config.input ? compileSchema(config.input, 'input', `Tool "${name}"`) : EMPTY_OBJECT_SCHEMA;
  const output = config.output ? compileSchema(config.output, 'output', `Tool "${name}"`) : undefined;
  // A plain JSON Schema is checked now; a Standard Schema when its JSON Schema is first needed.
  if (config.input && !isStandardSchema(config.input)) assertObjectSchema(name, input.jsonSchema);
  let descriptor: Record<string, unknown> | undefined;
  let legacyDescriptor: Record<string, unknown> | undefined;
  let paramHeaders: readonly ParamHeader[] | undefined;
  return {
    name,
    access: config.auth,
    // A tool without an input schema takes anything: there is nothing to check names against.
    refuseUnknown:
      config.input !== undefined &&
      (config.unknownArguments ?? serverDefaults.unknownArguments ?? 'refuse') === 'refuse',
    get descriptor() {
      descriptor ??= describeTool(name, config, input, output, serverDefaults.schemaOutput);
      return descriptor;
    },
    get legacyDescriptor() {
      if (!legacyDescriptor) {
        const { outputSchema, ...rest } = this.descriptor;
        legacyDescriptor = isObjectSchema(outputSchema) ? this.descriptor : rest;
      }
      return legacyDescriptor;
    },
    input,
    output,
    get paramHeaders() {
      paramHeaders ??= findParamHeaders(input.jsonSchema);
      return paramHeaders;
    },
    handler: handler as (input: unknown, ctx: RequestContext) => unknown,
  };
}

/**
 * Argument names the schema did not take. A Standard Schema strips what it does not
 * declare (so a key missing from its output was not declared, unless the schema keeps
 * extras); a plain JSON Schema declares them in `properties`, unless it admits more.
 */
function unknownArguments(tool: ToolDefinition, args: unknown, parsed: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  const keys = Object.keys(args);
  if (keys.length === 0) return [];
  if (parsed !== args) {
    if (typeof parsed !== 'object' || parsed === null) return [];
    return keys.filter((key) => !Object.hasOwn(parsed, key));
  }
  const declared = declaredArguments(tool.input.jsonSchema);
  return declared === OPEN ? [] : keys.filter((key) => !declared.has(key));
}

const OPEN = 'open';
const declaredCache = new WeakMap<object, ReadonlySet<string> | typeof OPEN>();

/**
 * The argument names a plain JSON Schema declares, found once per schema: its `properties`
 * and those of the schemas it is built from (`$ref`, `allOf`, `anyOf`, `oneOf`,
 * `if`/`then`/`else`, `dependentSchemas`), so a union of shapes does not make every
 * argument "unknown". `OPEN` when any part admits names it does not list.
 */
function declaredArguments(schema: Record<string, unknown>): ReadonlySet<string> | typeof OPEN {
  let declared = declaredCache.get(schema);
  if (declared === undefined) {
    const names = new Set<string>();
    declared = collectNames(schema, schema, names, new Set()) ? names : OPEN;
    declaredCache.set(schema, declared);
  }
  return declared;
}

function collectNames(
  node: unknown,
  root: Record<string, unknown>,
  names: Set<string>,
  seen: Set<unknown>,
): boolean {
  if (typeof node !== 'object' || node === null || seen.has(node)) return true;
  seen.add(node);
  const s = node as Record<string, unknown>;
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) return false;
  if (s.patternProperties !== undefined) return false;
  if (s.unevaluatedProperties !== undefined && s.unevaluatedProperties !== false) return false;
  if (typeof s.properties === 'object' && s.properties !== null) {
    for (const name of Object.keys(s.properties)) names.add(name);
  }
  const parts: unknown[] = [s.if, s.then, s.else];
  if (typeof s.$ref === 'string') parts.push(resolveLocalRef(root, s.$ref));
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[keyword])) parts.push(...(s[keyword] as unknown[]));
  }
  if (typeof s.dependentSchemas === 'object' && s.dependentSchemas !== null) {
    parts.push(...Object.values(s.dependentSchemas));
  }
  return parts.every((part) => collectNames(part, root, names, seen));
}

function resolveLocalRef(root: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Where an isError result carries the ToolError code and details. */
export const TOOL_ERROR_META_KEY = 'lambda-mcp/error';

/**
 * Runs one `tools/call`: arguments validated before the handler, the return value shaped
 * into a CallToolResult, ToolError and unexpected failures turned into `isError` results.
 * InputRequired and ProtocolError pass through to the dispatcher.
 */
export async function callTool(
  tool: ToolDefinition,
  args: unknown,
  ctx: RequestContext,
  stopGraceMs: number,
): Promise<CallToolResult> {
  // JSON Schema validation is synchronous: awaiting it would still cost a turn of the loop.
  const validation = tool.input.validate(args ?? {});
  const parsed = validation instanceof Promise ? await validation : validation;
  if (!parsed.ok) {
    return errorResult(
      `Invalid arguments for tool ${tool.name}: ${parsed.issues.join('; ')}`,
      'VALIDATION_ERROR',
    );
  }
  const unknown = tool.refuseUnknown ? unknownArguments(tool, args, parsed.value) : [];
  if (unknown.length > 0) {
    // A plain JSON Schema's names were just collected; a Standard Schema's are its properties.
    const declared = declaredCache.get(tool.input.jsonSchema);
    const accepted =
      declared instanceof Set
        ? [...declared]
        : Object.keys((tool.input.jsonSchema.properties as object | undefined) ?? {});
    const names = unknown.map((key) => `"${key}"`).join(', ');
    return errorResult(
      `Unknown argument${unknown.length > 1 ? 's' : ''} ${names} for tool ${tool.name}. Accepted arguments: ${accepted.join(', ') || 'none'}.`,
      'VALIDATION_ERROR',
    );
  }
  let value: unknown;
  try {
    value = await runHandler(() => tool.handler(parsed.value, ctx), ctx.signal, stopGraceMs);
  } catch (error) {
    if (error instanceof InputRequired || error instanceof ProtocolError) throw error;
    if (error instanceof ToolError) return errorResult(error.message, error.code, error.details);
    if (error instanceof HandlerAborted) {
      return errorResult(abortMessage(tool.name, error), error.byDeadline ? 'TIMEOUT' : 'CANCELLED');
    }
    ctx.logger.error('tool failed', { tool: tool.name, requestId: ctx.requestId, error });
    return errorResult(
      `Tool ${tool.name} failed with an internal error. The failure was logged; try again later.`,
    );
  }
  try {
    return tool.output ? await shapeStructured(tool, tool.output, value, ctx.lane) : shapeResult(tool, value);
  } catch (error) {
    // The author's bug, not the caller's: make sure the server's own log shows it.
    ctx.logger.error('tool returned an invalid result', { tool: tool.name, requestId: ctx.requestId, error });
    throw error;
  }
}

function isObjectSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'object';
}

/** A tool's value checked against its output schema, as structured content with its JSON text. */
async function shapeStructured(
  tool: ToolDefinition,
  output: NonNullable<ToolDefinition['output']>,
  value: unknown,
  lane: RequestContext['lane'],
): Promise<CallToolResult> {
  const checked = await output.validate(value);
  if (!checked.ok) {
    throw new ProtocolError(
      ErrorCode.InternalError,
      `Tool ${tool.name} returned output that does not match its outputSchema: ${checked.issues.join('; ')}`,
    );
  }
  const content: ContentBlock[] = [{ type: 'text', text: JSON.stringify(checked.value) }];
  // 2025 revisions allow only an object: there the JSON text alone carries another value.
  if (lane === 'legacy' && !isJsonObject(checked.value)) return { content };
  return { content, structuredContent: checked.value };
}

/** A tool's value without an output schema as a result; synchronous, no await on the common path. */
function shapeResult(tool: ToolDefinition, value: unknown): CallToolResult {
  if (typeof value === 'string') return { content: [{ type: 'text', text: value }] };
  if (Array.isArray(value)) return { content: value as ContentBlock[] };
  if (typeof value === 'object' && value !== null && Array.isArray((value as CallToolResult).content)) {
    return value as CallToolResult;
  }
  if (value === undefined) return { content: [] };
  throw new ProtocolError(
    ErrorCode.InternalError,
    `Tool ${tool.name} returned ${typeof value}; return a string, content blocks, or declare an output schema`,
  );
}

/** The `isError` result of a ToolError raised outside the handler (a rate limit's refusal). */
export function toolErrorResult(error: ToolError): CallToolResult {
  return errorResult(error.message, error.code, error.details);
}

/** The error text leads with its code, which an AI reads; the code and details also go to `_meta` for programs. */
function errorResult(message: string, code?: string, details?: Record<string, unknown>): CallToolResult {
  if (code === undefined) return { content: [{ type: 'text', text: message }], isError: true };
  return {
    content: [{ type: 'text', text: `${code}: ${message}` }],
    isError: true,
    _meta: { [TOOL_ERROR_META_KEY]: { code, ...details } },
  };
}

function abortMessage(tool: string, aborted: HandlerAborted): string {
  if (!aborted.byDeadline) return `Tool ${tool} was cancelled because the client closed the request.`;
  if (aborted.stopped) {
    return `Tool ${tool} did not finish before the request deadline and stopped without completing. Try a smaller request, or try again later.`;
  }
  // The framework stops waiting, not the work: saying "stopped" here makes a model retry into duplicates.
  return `Tool ${tool} did not finish before the request deadline. Its outcome is unknown: it may still complete. Check whether it took effect before calling it again.`;
}

export function unknownTool(name: string): ProtocolError {
  return invalidParams(`Unknown tool: ${name}. Call tools/list to see the available tools.`);
}
