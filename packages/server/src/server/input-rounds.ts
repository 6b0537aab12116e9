import { ErrorCode, invalidParams, ProtocolError } from '../protocol/errors.ts';
import { isJsonObject, type JsonObject } from '../protocol/jsonrpc.ts';
import type { LaneSelection } from '../protocol/lane.ts';
import type { RequestBinding, RequestStatePayload } from '../protocol/request-state.ts';
import type { ClientCapabilities } from '../protocol/wire-types.ts';
import type { AuthInfo } from './auth-info.ts';
import { type ContextHandle, createContext } from './context.ts';
import type { ServerDefinition } from './definition.ts';
import type { DispatchInput } from './dispatch.ts';
import { capabilityFor, type InputRequest, InputRequired } from './input-required.ts';

/** The handler context of one request, with the input answers of earlier rounds. */
export function contextFor(
  def: ServerDefinition,
  input: DispatchInput,
  inputResponses: Record<string, unknown>,
  inputState: unknown,
): ContextHandle {
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
    headers: input.headers,
    logLevel: selection.logLevel,
    inputResponses,
    inputState,
    notify: input.notify,
  });
}

/**
 * Runs a handler that may ask for client input (MRTR): verifies the `requestState` of a
 * retry, hands the handler every answer gathered so far, and turns its input request into
 * an `InputRequiredResult` whose new state carries those answers forward. The request
 * stands even if the handler caught it: an answer computed without the input would be a
 * guess, so the round ends with the question, and the log says what the handler did.
 */
export async function withInputRounds(
  def: ServerDefinition,
  input: DispatchInput,
  params: JsonObject,
  target: { target: string; args: unknown },
  run: (ctx: ContextHandle['ctx']) => Promise<unknown>,
): Promise<JsonObject> {
  const binding: RequestBinding = {
    server: def.info.name,
    method: input.request.method,
    target: target.target,
    args: target.args,
    principal: principalOf(input.auth),
  };
  const earlier = hasRounds(params) ? await verifiedRounds(def, params, binding) : undefined;
  const answers = params.inputResponses as JsonObject | undefined;
  // Without a requestState there is no earlier round to hold answers to: a stateless first
  // call may carry answers ahead of the question (the conformance suite sends them with
  // extra keys and expects the tool to complete), and the ids the handler asks pick them.
  const responses = earlier ? gathered(earlier, answers) : { ...answers };
  const handle = contextFor(def, input, responses, earlier?.state);
  let asked: InputRequired;
  try {
    const result = (await run(handle.ctx)) as JsonObject;
    const swallowed = handle.pendingInput();
    if (!swallowed) return result;
    def.logger.warn('handler caught its own input request; rethrow errors you do not handle', {
      method: input.request.method,
      target: target.target,
      requestId: input.request.id,
    });
    asked = swallowed;
  } catch (error) {
    if (!(error instanceof InputRequired)) throw error;
    asked = error;
  }
  assertCanAsk(input.selection, asked);
  const requestState = await def.signer.sign(
    { responses, state: asked.state, asked: Object.keys(asked.requests) },
    binding,
  );
  return { resultType: 'input_required', inputRequests: asked.requests, requestState };
}

/**
 * Who the state is bound to: the subject within its tenant, since a subject is unique only
 * inside one (an API key store's subjects, one user in two organizations). Anonymous is ''.
 */
function principalOf(auth: AuthInfo | undefined): string {
  return auth === undefined ? '' : JSON.stringify([auth.subject, auth.tenant ?? null]);
}

/** Most calls are a first round: they skip the state check and its await. */
function hasRounds(params: JsonObject): boolean {
  return params.requestState !== undefined || params.inputResponses !== undefined;
}

/**
 * The answers a handler may see on a retry: those of earlier rounds (signed) and the
 * retry's answers to what the last round asked. An answer to an id that round did not ask
 * (a later question, or one an earlier round already settled) is ignored, as the
 * specification says of information a server does not recognize: otherwise a retry could
 * rewrite an answer the state carries.
 */
function gathered(earlier: RequestStatePayload, answers: JsonObject | undefined): Record<string, unknown> {
  const responses = { ...earlier.responses };
  if (answers === undefined || !Array.isArray(earlier.asked)) return responses;
  for (const id of earlier.asked) {
    if (Object.hasOwn(answers, id)) responses[id] = answers[id];
  }
  return responses;
}

/** The verified state of a retry; undefined (so no answers are taken) when it carries none. */
async function verifiedRounds(def: ServerDefinition, params: JsonObject, binding: RequestBinding) {
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
  return params.requestState === undefined ? undefined : def.signer.verify(params.requestState, binding);
}

function assertCanAsk(selection: LaneSelection, pending: InputRequired): void {
  const requests = Object.values(pending.requests);
  if (selection.lane === 'legacy') {
    const needed = [...new Set(requests.map(capabilityFor))];
    throw new ProtocolError(
      ErrorCode.InvalidRequest,
      `This request needs input from the client (${needed.join(', ')}), which a stateless server can only ask for on protocol revision 2026-07-28`,
    );
  }
  const missing = new Set<string>();
  for (const request of requests) {
    const lacking = missingCapability(request, selection.capabilities);
    if (lacking) missing.add(lacking);
  }
  if (missing.size === 0) return;
  // Asked for both modes of a client without elicitation: name each mode, not a bare `{}` (form only).
  if (missing.has('elicitation') && missing.has('elicitation.url')) {
    missing.delete('elicitation');
    missing.add('elicitation.form');
  }
  // `sampling.tools` declares sampling too.
  if (missing.has('sampling.tools')) missing.delete('sampling');
  const required: Record<string, Record<string, unknown>> = {};
  for (const name of missing) {
    const [capability, mode] = name.split('.') as [string, string | undefined];
    required[capability] ??= {};
    if (mode) required[capability][mode] = {};
  }
  throw new ProtocolError(
    ErrorCode.MissingRequiredClientCapability,
    `Missing required client capability: ${[...missing].join(', ')}`,
    { requiredCapabilities: required },
  );
}

/**
 * What the client must declare for `request` and did not, if anything. An elicitation
 * needs its mode: the specification forbids asking in a mode the client did not declare,
 * and an `elicitation` object naming neither mode declares form only. A sampling request
 * with `tools` or `toolChoice` needs `sampling.tools`.
 */
function missingCapability(request: InputRequest, capabilities: ClientCapabilities): string | undefined {
  const capability = capabilityFor(request);
  const declared: unknown = capabilities[capability];
  const declaredParts = isJsonObject(declared) ? declared : {};
  if (request.method === 'sampling/createMessage') {
    const withTools = request.params.tools !== undefined || request.params.toolChoice !== undefined;
    if (withTools) return declaredParts.tools === undefined ? 'sampling.tools' : undefined;
    return declared === undefined ? capability : undefined;
  }
  const url = request.method === 'elicitation/create' && request.params.mode === 'url';
  if (declared === undefined) return url ? 'elicitation.url' : capability;
  if (capability !== 'elicitation') return undefined;
  if (url) return declaredParts.url === undefined ? 'elicitation.url' : undefined;
  return declaredParts.form === undefined && declaredParts.url !== undefined ? 'elicitation.form' : undefined;
}
