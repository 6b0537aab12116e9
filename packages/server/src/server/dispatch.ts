import { ErrorCode, invalidParams, methodNotFound, ProtocolError } from '../protocol/errors.ts';
import { isJsonObject, type JsonObject, type JsonRpcRequest } from '../protocol/jsonrpc.ts';
import { type LaneSelection, META } from '../protocol/lane.ts';
import { paginate } from '../protocol/pagination.ts';
import type { RequestBinding } from '../protocol/request-state.ts';
import { SUPPORTED_VERSIONS } from '../protocol/versions.ts';
import type { AuthInfo } from './auth-info.ts';
import type { Platform, RequestContext } from './context.ts';
import { createContext } from './context.ts';
import type { ServerDefinition } from './create-server.ts';
import { capabilityFor, InputRequired } from './input-required.ts';
import { checkPromptArguments, toPromptResult, unknownPrompt } from './prompt.ts';
import { type CompletionSource, resourceNotFound, toContents } from './resource.ts';
import { callTool, unknownTool } from './tool.ts';

/** Everything one request brings besides the message. */
export interface DispatchInput {
  request: JsonRpcRequest;
  selection: LaneSelection;
  auth: AuthInfo | undefined;
  /** Aborted when the client goes away or the deadline passes. */
  signal: AbortSignal;
  deadline: number | undefined;
  platform: Platform;
  /** Sends a notification on the request's response stream. */
  notify(method: string, params: JsonObject): void;
}

type Method = (
  def: ServerDefinition,
  input: DispatchInput,
  params: JsonObject,
) => Promise<JsonObject> | JsonObject;

/** Methods the 2026-07-28 revision removed; both lanes share everything else. */
const LEGACY_ONLY = new Set(['initialize', 'ping', 'logging/setLevel']);
const CACHEABLE = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list']);

/** Answers one JSON-RPC request with its result object, or throws a ProtocolError. */
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
      { status: 404 },
    );
  }
  const result = await handler(def, input, input.request.params ?? {});
  if (lane === 'legacy') return result;
  if (CACHEABLE.has(method)) {
    result.ttlMs ??= def.cache.lists.ttlMs;
    result.cacheScope ??= scopeFor(def.cache.lists.scope, input.auth);
  }
  result.resultType ??= 'complete';
  result._meta = { ...(result._meta as JsonObject | undefined), [META.serverInfo]: def.info };
  return result;
}

/** A result that may vary by caller must not be shared across authorization contexts. */
function scopeFor(scope: 'public' | 'private', auth: AuthInfo | undefined): 'public' | 'private' {
  return auth ? 'private' : scope;
}

const METHODS: Record<string, Method> = {
  initialize: (def, input) => ({
    protocolVersion: input.selection.version,
    capabilities: def.capabilities,
    serverInfo: def.info,
    ...(def.instructions === undefined ? {} : { instructions: def.instructions }),
  }),
  ping: () => ({}),
  'logging/setLevel': () => ({}),

  'server/discover': (def, input) => ({
    supportedVersions: [...SUPPORTED_VERSIONS],
    capabilities: def.capabilities,
    ...(def.instructions === undefined ? {} : { instructions: def.instructions }),
    ttlMs: def.cache.lists.ttlMs,
    cacheScope: scopeFor(def.cache.lists.scope, input.auth),
  }),

  'tools/list': (def, _input, params) => {
    const { page, nextCursor } = paginate([...def.tools.values()], params.cursor, def.pageSize, 'tools/list');
    return withCursor({ tools: page.map((t) => t.descriptor) }, nextCursor);
  },

  'tools/call': (def, input, params) => {
    const name = requireString(params, 'name', 'tools/call');
    const tool = def.tools.get(name);
    if (!tool) throw unknownTool(name);
    if (params.arguments !== undefined && !isJsonObject(params.arguments)) {
      throw invalidParams('Invalid params: tools/call arguments must be an object');
    }
    return withInputRounds(def, input, params, { target: name, args: params.arguments ?? {} }, (ctx) =>
      callTool(tool, params.arguments ?? {}, ctx),
    );
  },

  'resources/list': async (def, input, params) => {
    const listed: JsonObject[] = [...def.resources.values()].map((r) => r.descriptor);
    for (const template of def.templates) {
      if (!template.options.list) continue;
      const ctx = plainContext(def, input, {}, undefined);
      for (const item of await template.options.list(ctx)) {
        listed.push({ mimeType: template.meta.mimeType, ...item });
      }
    }
    const { page, nextCursor } = paginate(listed, params.cursor, def.pageSize, 'resources/list');
    return withCursor({ resources: page }, nextCursor);
  },

  'resources/templates/list': (def, _input, params) => {
    const all = def.templates.map((t) => t.descriptor);
    const { page, nextCursor } = paginate(all, params.cursor, def.pageSize, 'resources/templates/list');
    return withCursor({ resourceTemplates: page }, nextCursor);
  },

  'resources/read': (def, input, params) => {
    const uri = requireString(params, 'uri', 'resources/read');
    const fixed = def.resources.get(uri);
    const matched = fixed ? undefined : findTemplate(def, uri);
    if (!fixed && !matched) {
      throw input.selection.lane === 'legacy'
        ? new ProtocolError(-32002, `Resource not found: ${uri}`, { data: { uri } })
        : resourceNotFound(uri);
    }
    const meta = fixed ? fixed.meta : matched!.template.meta;
    return withInputRounds(def, input, params, { target: uri, args: {} }, async (ctx) => {
      const value = fixed
        ? await fixed.read(ctx)
        : await matched!.template.read(uri, matched!.variables, ctx);
      const result: JsonObject = { contents: toContents(uri, meta.mimeType, value) };
      if (input.selection.lane === 'modern') {
        result.ttlMs = meta.cache?.ttlMs ?? def.cache.reads.ttlMs;
        result.cacheScope = scopeFor(meta.cache?.scope ?? def.cache.reads.scope, input.auth);
      }
      return result;
    });
  },

  'prompts/list': (def, _input, params) => {
    const all = [...def.prompts.values()].map((p) => p.descriptor);
    const { page, nextCursor } = paginate(all, params.cursor, def.pageSize, 'prompts/list');
    return withCursor({ prompts: page }, nextCursor);
  },

  'prompts/get': (def, input, params) => {
    const name = requireString(params, 'name', 'prompts/get');
    const prompt = def.prompts.get(name);
    if (!prompt) throw unknownPrompt(name);
    const args = checkPromptArguments(prompt, params.arguments);
    return withInputRounds(def, input, params, { target: name, args }, async (ctx) =>
      toPromptResult(await prompt.get(args, ctx), prompt.config.description),
    );
  },

  'completion/complete': async (def, input, params) => {
    const ref = params.ref;
    const argument = params.argument;
    if (!isJsonObject(ref) || !isJsonObject(argument) || typeof argument.name !== 'string') {
      throw invalidParams('Invalid params: completion/complete needs ref and argument {name, value}');
    }
    const source = completionSource(def, ref, argument.name);
    const context =
      isJsonObject(params.context) && isJsonObject(params.context.arguments) ? params.context.arguments : {};
    const ctx = plainContext(def, input, {}, undefined);
    const values = source
      ? await source(String(argument.value ?? ''), { arguments: context as Record<string, string>, ctx })
      : [];
    return {
      completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 },
    };
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

function completionSource(
  def: ServerDefinition,
  ref: JsonObject,
  argument: string,
): CompletionSource | undefined {
  if (ref.type === 'ref/prompt') {
    const prompt = typeof ref.name === 'string' ? def.prompts.get(ref.name) : undefined;
    if (!prompt) throw invalidParams(`Unknown prompt: ${String(ref.name)}`);
    return prompt.complete[argument];
  }
  if (ref.type === 'ref/resource') {
    const template = def.templates.find((t) => t.template.template === ref.uri);
    if (!template) throw invalidParams(`Unknown resource template: ${String(ref.uri)}`);
    return template.options.complete?.[argument];
  }
  throw invalidParams('Invalid params: ref.type must be ref/prompt or ref/resource');
}

function plainContext(
  def: ServerDefinition,
  input: DispatchInput,
  inputResponses: Record<string, unknown>,
  inputState: unknown,
): RequestContext {
  const { selection } = input;
  return createContext({
    requestId: input.request.id,
    method: input.request.method,
    protocolVersion: selection.version,
    lane: selection.lane,
    clientInfo: selection.clientInfo,
    capabilities: selection.capabilities,
    auth: input.auth,
    meta: selection.meta,
    logger: def.logger,
    signal: input.signal,
    deadline: input.deadline,
    platform: input.platform,
    logLevel: selection.logLevel,
    inputResponses,
    inputState,
    notify: input.notify,
  });
}

/**
 * Runs a handler that may ask for client input (MRTR): verifies the `requestState` of a
 * retry, hands the handler every answer gathered so far, and turns InputRequired into an
 * `InputRequiredResult` whose new state carries those answers forward.
 */
async function withInputRounds(
  def: ServerDefinition,
  input: DispatchInput,
  params: JsonObject,
  target: { target: string; args: unknown },
  run: (ctx: RequestContext) => Promise<JsonObject> | Promise<unknown>,
): Promise<JsonObject> {
  const binding: RequestBinding = {
    method: input.request.method,
    target: target.target,
    args: target.args,
    principal: input.auth?.subject ?? '',
  };
  if (params.inputResponses !== undefined && !isJsonObject(params.inputResponses)) {
    throw invalidParams('Invalid params: inputResponses must be an object keyed by input request id');
  }
  // Every answer is a result object (ElicitResult, CreateMessageResult, ListRootsResult).
  for (const [key, answer] of Object.entries((params.inputResponses ?? {}) as JsonObject)) {
    if (!isJsonObject(answer)) {
      throw invalidParams(`Invalid params: inputResponses.${key} must be a result object`);
    }
  }
  if (params.requestState !== undefined && typeof params.requestState !== 'string') {
    throw invalidParams('Invalid params: requestState must be the string the server sent');
  }
  const earlier =
    params.requestState === undefined ? undefined : await def.signer.verify(params.requestState, binding);
  const responses = { ...earlier?.responses, ...(params.inputResponses as JsonObject | undefined) };
  try {
    return (await run(plainContext(def, input, responses, earlier?.state))) as JsonObject;
  } catch (error) {
    if (!(error instanceof InputRequired)) throw error;
    assertCanAsk(input.selection, error);
    const requestState = await def.signer.sign({ responses, state: error.state }, binding);
    return { resultType: 'input_required', inputRequests: error.requests, requestState };
  }
}

function assertCanAsk(selection: LaneSelection, pending: InputRequired): void {
  const needed = [...new Set(Object.values(pending.requests).map(capabilityFor))];
  if (selection.lane === 'legacy') {
    throw new ProtocolError(
      ErrorCode.InvalidRequest,
      `This request needs input from the client (${needed.join(', ')}), which a stateless server can only ask for on protocol revision 2026-07-28`,
    );
  }
  const missing = needed.filter((capability) => selection.capabilities[capability] === undefined);
  if (missing.length > 0) {
    throw new ProtocolError(
      ErrorCode.MissingRequiredClientCapability,
      `Missing required client capability: ${missing.join(', ')}`,
      { data: { requiredCapabilities: Object.fromEntries(missing.map((c) => [c, {}])) }, status: 400 },
    );
  }
}
