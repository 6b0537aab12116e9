import { ErrorCode, invalidParams, methodNotFound, ProtocolError } from '../protocol/errors.ts';
import { isJsonObject, type JsonObject, type JsonRpcRequest } from '../protocol/jsonrpc.ts';
import { type LaneSelection, META } from '../protocol/lane.ts';
import { paginate } from '../protocol/pagination.ts';
import { SUPPORTED_VERSIONS } from '../protocol/versions.ts';
import { LOGGING_LEVELS, type LoggingLevel } from '../protocol/wire-types.ts';
import { allows, assertAllowed } from './access.ts';
import type { AuthInfo } from './auth-info.ts';
import { type CacheHint, scopeFor } from './cache-hint.ts';
import { completionContext, completionSource, toCompletionResult } from './completion.ts';
import type { RequestContext } from './context.ts';
import type { ServerDefinition } from './definition.ts';
import { handlerErrorToProtocol } from './handler-errors.ts';
import { contextFor, withInputRounds } from './input-rounds.ts';
import type { Platform } from './platform.ts';
import { checkPromptArguments, toPromptResult, unknownPrompt } from './prompt.ts';
import { resourceNotFound, toContents } from './resource.ts';
import { listResources } from './resource-listing.ts';
import { runHandler } from './run-handler.ts';
import { callTool, toolErrorResult, unknownTool } from './tool.ts';
import type { ToolError } from './tool-error.ts';

/** Everything one request brings besides the message. */
export interface DispatchInput {
  request: JsonRpcRequest;
  selection: LaneSelection;
  auth: AuthInfo | undefined;
  /** Aborted when the client goes away or the deadline passes. */
  signal: AbortSignal;
  deadline: number | undefined;
  /** How long after the abort a handler may take to confirm it stopped. */
  stopGraceMs: number;
  platform: Platform;
  /** The request's headers (`Exchange.headers`): lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Sends a notification on the request's response stream. */
  notify(method: string, params: JsonObject): void;
  /** A rate limit's refusal of this tools/call: answered instead of running the tool. */
  refusal?: ToolError | undefined;
}

type Method = (
  def: ServerDefinition,
  input: DispatchInput,
  params: JsonObject,
) => Promise<JsonObject> | JsonObject;

/** Methods the stateless revisions removed; both lanes share everything else. */
const LEGACY_ONLY = new Set(['initialize', 'ping', 'logging/setLevel']);

/** Answers one JSON-RPC request with a new result object, or throws a ProtocolError. */
export async function dispatch(def: ServerDefinition, input: DispatchInput): Promise<JsonObject> {
  const { method } = input.request;
  const { lane } = input.selection;
  const handler = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!handler) throw methodNotFound(method);
  if (lane === 'modern' && LEGACY_ONLY.has(method)) {
    // Say why: a client mixing revisions learns more from this than from a bare "not found".
    throw new ProtocolError(
      ErrorCode.MethodNotFound,
      `Method not found: ${method} (removed in protocol revision ${input.selection.version})`,
    );
  }
  const result = await handler(def, input, input.request.params ?? {});
  if (lane === 'legacy') return result;
  // A copy: a handler may return the same object on every call, and 2025 answers must not
  // pick up what a 2026-07-28 answer adds.
  const hint = Object.hasOwn(def.cache.lists, method) ? def.cache.lists[method] : undefined;
  return {
    ...result,
    ...(hint && result.ttlMs === undefined ? cacheFields(hint, input.auth) : undefined),
    resultType: result.resultType ?? 'complete',
    _meta: { ...(result._meta as JsonObject | undefined), [META.serverInfo]: def.info },
  };
}

function cacheFields(hint: CacheHint, auth: AuthInfo | undefined): JsonObject {
  return { ttlMs: hint.ttlMs, cacheScope: scopeFor(hint.scope, auth) };
}

const METHODS: Record<string, Method> = {
  initialize: (def, input) => ({
    protocolVersion: input.selection.version,
    capabilities: def.capabilities,
    serverInfo: def.info,
    ...(def.instructions === undefined ? {} : { instructions: def.instructions }),
  }),
  ping: () => ({}),
  // Nothing to remember on a stateless server (2025 requests get every level), but a level
  // the client misspelled is still its error to hear about.
  'logging/setLevel': (_def, _input, params) => {
    if (!LOGGING_LEVELS.includes(params.level as LoggingLevel)) {
      throw invalidParams(
        `Invalid params: logging/setLevel requires params.level, one of ${LOGGING_LEVELS.join(', ')}`,
      );
    }
    return {};
  },

  'server/discover': (def) => ({
    supportedVersions: [...SUPPORTED_VERSIONS],
    capabilities: def.capabilities,
    ...(def.instructions === undefined ? {} : { instructions: def.instructions }),
  }),

  'tools/list': (def, input, params) => {
    const tools = def.filtersLists ? def.toolList.filter((t) => allows(t.access, input.auth)) : def.toolList;
    const { page, nextCursor } = paginate(tools, params.cursor, def.pageSize, 'tools/list');
    const legacy = input.selection.lane === 'legacy';
    return withCursor({ tools: page.map((t) => (legacy ? t.legacyDescriptor : t.descriptor)) }, nextCursor);
  },

  'tools/call': (def, input, params) => {
    const name = requireString(params, 'name', 'tools/call');
    const tool = def.tools.get(name);
    if (!tool) throw unknownTool(name);
    assertAllowed(`tool ${name}`, tool.access, input.auth);
    if (params.arguments !== undefined && !isJsonObject(params.arguments)) {
      throw invalidParams('Invalid params: tools/call arguments must be an object');
    }
    const args = params.arguments ?? {};
    if (input.refusal) return toolErrorResult(input.refusal) as unknown as JsonObject;
    return withInputRounds(def, input, params, { target: name, args }, (ctx) =>
      callTool(tool, args, ctx, input.stopGraceMs),
    );
  },

  'resources/list': (def, input, params) =>
    guarded(def, input, { method: 'resources/list', target: undefined }, (ctx) =>
      listResources(def, params.cursor, ctx),
    ),

  'resources/templates/list': (def, input, params) => {
    const visible = def.filtersLists
      ? def.templates.filter((t) => allows(t.meta.auth, input.auth))
      : def.templates;
    const all = visible.map((t) => t.descriptor);
    const { page, nextCursor } = paginate(all, params.cursor, def.pageSize, 'resources/templates/list');
    return withCursor({ resourceTemplates: page }, nextCursor);
  },

  'resources/read': (def, input, params) => {
    const uri = requireString(params, 'uri', 'resources/read');
    const fixed = def.resources.get(uri);
    const matched = fixed ? undefined : findTemplate(def, uri);
    if (!fixed && !matched) throw resourceNotFound(uri, input.selection.lane);
    const meta = fixed ? fixed.meta : matched!.template.meta;
    assertAllowed(`resource ${uri}`, meta.auth, input.auth);
    const what = { method: 'resources/read', target: uri };
    return withInputRounds(def, input, params, { target: uri, args: {} }, (ctx) =>
      runGuarded(input, what, async () => {
        const value = fixed
          ? await fixed.read(ctx)
          : await matched!.template.read(uri, matched!.variables, ctx);
        const result: JsonObject = { contents: toContents(uri, meta.mimeType, value) };
        if (input.selection.lane === 'modern') {
          Object.assign(result, cacheFields(meta.cache ?? def.cache.reads, input.auth));
        }
        return result;
      }),
    );
  },

  'prompts/list': (def, input, params) => {
    const prompts = [...def.prompts.values()];
    const visible = def.filtersLists ? prompts.filter((p) => allows(p.config.auth, input.auth)) : prompts;
    const all = visible.map((p) => p.descriptor);
    const { page, nextCursor } = paginate(all, params.cursor, def.pageSize, 'prompts/list');
    return withCursor({ prompts: page }, nextCursor);
  },

  'prompts/get': (def, input, params) => {
    const name = requireString(params, 'name', 'prompts/get');
    const prompt = def.prompts.get(name);
    if (!prompt) throw unknownPrompt(name);
    assertAllowed(`prompt ${name}`, prompt.config.auth, input.auth);
    const args = checkPromptArguments(prompt, params.arguments);
    const what = { method: 'prompts/get', target: name };
    return withInputRounds(def, input, params, { target: name, args }, (ctx) =>
      runGuarded(input, what, async () =>
        toPromptResult(await prompt.get(args, ctx), prompt.config.description),
      ),
    );
  },

  'completion/complete': (def, input, params) => {
    const ref = params.ref;
    const argument = params.argument;
    if (
      !isJsonObject(ref) ||
      !isJsonObject(argument) ||
      typeof argument.name !== 'string' ||
      typeof argument.value !== 'string'
    ) {
      throw invalidParams('Invalid params: completion/complete needs ref and argument {name, value}');
    }
    const source = completionSource(def, ref, argument.name, input.auth);
    if (!source) return toCompletionResult([]);
    const context = completionContext(params.context);
    const value = argument.value;
    return guarded(def, input, { method: 'completion/complete', target: argument.name }, async (ctx) =>
      toCompletionResult(await source(value, { arguments: context, ctx })),
    );
  },
};

function requireString(params: JsonObject, key: string, method: string): string {
  const value = params[key];
  if (typeof value !== 'string')
    throw invalidParams(`Invalid params: ${method} requires params.${key} (a string)`);
  return value;
}

function withCursor(result: JsonObject, nextCursor: string | undefined): JsonObject {
  if (nextCursor !== undefined) result.nextCursor = nextCursor;
  return result;
}

function findTemplate(def: ServerDefinition, uri: string) {
  for (const template of def.templates) {
    const variables = template.template.match(uri);
    if (variables) return { template, variables };
  }
  return undefined;
}

/** A handler without input rounds (lists, completions), under the signal and error rules. */
function guarded(
  def: ServerDefinition,
  input: DispatchInput,
  what: { method: string; target: string | undefined },
  run: (ctx: RequestContext) => Promise<JsonObject>,
): Promise<JsonObject> {
  const { ctx } = contextFor(def, input, {}, undefined);
  return runGuarded(input, what, () => run(ctx));
}

/**
 * Runs a handler that answers with JSON-RPC errors: bounded by the request's signal, a
 * ToolError mapped to its JSON-RPC error, and anything unexpected logged and answered as
 * an internal error without detail.
 */
async function runGuarded(
  input: DispatchInput,
  what: { method: string; target: string | undefined },
  run: () => Promise<JsonObject>,
): Promise<JsonObject> {
  try {
    return await runHandler(run, input.signal, input.stopGraceMs);
  } catch (error) {
    const mapped = handlerErrorToProtocol(error, input.selection.lane, what);
    if (mapped) throw mapped;
    throw error;
  }
}
