import type { JsonObject } from './json-rpc.ts';

/**
 * Who gives the input a server asks for, one 2025 request at a time (`elicitation/create`,
 * `sampling/createMessage`, `roots/list`): the proxy's stdio client, or the person at the
 * terminal running `lambda-mcp call`. Resolves to the request's result.
 */
export interface InputProvider {
  request(method: string, params: JsonObject | undefined, signal: AbortSignal): Promise<JsonObject>;
}

/** The 2025 client capability each MRTR input request needs. */
const CAPABILITY_FOR: Record<string, string> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

/** The server wants input the client never said it can give. */
export class MissingClientCapability extends Error {
  readonly requiredCapabilities: JsonObject;

  constructor(method: string, requiredCapabilities: JsonObject) {
    const names = Object.keys(requiredCapabilities).join(' and ');
    super(
      `The server needs ${names} from the client to finish ${method}, and this client did not declare ` +
        `the ${names} capability: use a client that supports ${names}.`,
    );
    this.name = 'MissingClientCapability';
    this.requiredCapabilities = requiredCapabilities;
  }
}

/** JSON-RPC code for it: 2026-07-28's MissingRequiredClientCapability, with the same `data`. */
export const MISSING_CAPABILITY = -32021;

/**
 * Answers a 2026-07-28 InputRequiredResult's `inputRequests` (or a 2025 server's own request,
 * as one of them): each is the 2025 request a client of that revision understands
 * (`elicitation/create`, `sampling/createMessage`, `roots/list`), asked one at a time (a
 * desktop app shows one dialog at a time, a terminal one question). Resolves to the
 * `inputResponses` for the retry, keyed as the server keyed its requests; throws
 * MissingClientCapability, before asking anything, for input `capabilities` does not declare.
 */
export async function answerInputRequests(
  method: string,
  inputRequests: JsonObject,
  capabilities: JsonObject,
  client: InputProvider,
  signal: AbortSignal,
): Promise<JsonObject> {
  const requests = Object.entries(inputRequests) as [string, { method?: unknown; params?: JsonObject }][];
  const missing: JsonObject = {};
  for (const [, request] of requests) {
    const capability = CAPABILITY_FOR[String(request.method)];
    if (capability === undefined) {
      throw new MissingClientCapability(method, { [String(request.method)]: {} });
    }
    const declared = capabilities[capability] as JsonObject | undefined;
    const urlMode = request.method === 'elicitation/create' && request.params?.mode === 'url';
    if (declared === undefined || (urlMode && declared.url === undefined)) {
      missing[capability] = urlMode ? { url: {} } : {};
    }
  }
  if (Object.keys(missing).length > 0) throw new MissingClientCapability(method, missing);
  const responses: JsonObject = {};
  for (const [key, request] of requests) {
    responses[key] = await client.request(String(request.method), request.params, signal);
  }
  return responses;
}
