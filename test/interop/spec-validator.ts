import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Validates JSON-RPC messages a server sent against the official JSON Schema of the
 * revision they were sent for: a result against the result type of the request's method,
 * an error against the error types, a notification against ServerNotification.
 */

// The official schemas are vendored in ./spec (see its README); MCP_SPEC_DIR overrides.
const SPEC_DIR = process.env.MCP_SPEC_DIR
  ? pathToFileURL(`${process.env.MCP_SPEC_DIR.replace(/\/$/, '')}/`)
  : new URL('./spec/', import.meta.url);

/** The result type of each request method (the same names in every revision). */
const RESULT_TYPES: Record<string, string> = {
  initialize: 'InitializeResult',
  ping: 'EmptyResult',
  'logging/setLevel': 'EmptyResult',
  'server/discover': 'DiscoverResult',
  'tools/list': 'ListToolsResult',
  'tools/call': 'CallToolResult',
  'resources/list': 'ListResourcesResult',
  'resources/templates/list': 'ListResourceTemplatesResult',
  'resources/read': 'ReadResourceResult',
  'prompts/list': 'ListPromptsResult',
  'prompts/get': 'GetPromptResult',
  'completion/complete': 'CompleteResult',
  'subscriptions/listen': 'SubscriptionsListenResult',
};

/**
 * 2026-07-28 names a type for each error code it defines: the JSON-RPC ones describe the
 * `error` object, the MCP ones (-320xx) the whole error response.
 */
const ERROR_TYPES: Record<number, { type: string; whole: boolean }> = {
  [-32700]: { type: 'ParseError', whole: false },
  [-32600]: { type: 'InvalidRequestError', whole: false },
  [-32601]: { type: 'MethodNotFoundError', whole: false },
  [-32602]: { type: 'InvalidParamsError', whole: false },
  [-32603]: { type: 'InternalError', whole: false },
  [-32020]: { type: 'HeaderMismatchError', whole: true },
  [-32021]: { type: 'MissingRequiredClientCapabilityError', whole: true },
  [-32022]: { type: 'UnsupportedProtocolVersionError', whole: true },
};

export interface Violation {
  revision: string;
  /** The request method the message answered, or the notification's method. */
  method: string;
  /** The schema type the message failed. */
  type: string;
  errors: string[];
  message: unknown;
}

interface Revision {
  defs: Record<string, unknown>;
  validator(type: string): ValidateFunction;
}

const revisions = new Map<string, Revision>();

function loadRevision(version: string): Revision {
  const cached = revisions.get(version);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(new URL(`${version}/schema.json`, SPEC_DIR), 'utf8'));
  const draft2020 = String(schema.$schema).includes('2020-12');
  // The 2025-03-26 and 2025-06-18 schemas are draft-07; later ones are draft 2020-12.
  const ajv = draft2020
    ? new Ajv2020({ strict: false, allErrors: true })
    : new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const key = `mcp-${version}`;
  ajv.addSchema(schema, key);
  const defsKey = draft2020 ? '$defs' : 'definitions';
  const compiled = new Map<string, ValidateFunction>();
  const revision: Revision = {
    defs: schema[defsKey],
    validator(type) {
      let validate = compiled.get(type);
      if (!validate) {
        if (!(type in revision.defs)) throw new Error(`${version} schema has no type ${type}`);
        validate = ajv.getSchema(`${key}#/${defsKey}/${type}`);
        if (!validate) throw new Error(`cannot compile ${type} of ${version}`);
        compiled.set(type, validate);
      }
      return validate;
    },
  };
  revisions.set(version, revision);
  return revision;
}

/**
 * Validates one message the server sent in answer to a request of `method`, on `revision`.
 * Returns the violations (empty when the message is valid).
 */
export function validateServerMessage(revision: string, method: string, message: unknown): Violation[] {
  const spec = loadRevision(revision);
  const violations: Violation[] = [];
  const check = (type: string, value: unknown, about = method) => {
    const validate = spec.validator(type);
    if (!validate(value)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
      violations.push({ revision, method: about, type, errors, message });
    }
  };
  if (typeof message !== 'object' || message === null) {
    return [{ revision, method, type: 'JSON-RPC message', errors: ['not an object'], message }];
  }
  const fields = message as Record<string, unknown>;
  if (typeof fields.method === 'string') {
    check('ServerNotification', message, fields.method);
  } else if ('error' in fields) {
    check(spec.defs.JSONRPCErrorResponse ? 'JSONRPCErrorResponse' : 'JSONRPCError', message);
    const code = (fields.error as { code?: unknown } | null)?.code;
    const errorType = typeof code === 'number' ? ERROR_TYPES[code] : undefined;
    if (errorType && errorType.type in spec.defs) {
      check(errorType.type, errorType.whole ? message : fields.error);
    }
  } else {
    check(spec.defs.JSONRPCResultResponse ? 'JSONRPCResultResponse' : 'JSONRPCResponse', message);
    const result = fields.result as Record<string, unknown> | undefined;
    const inputRequired = result?.resultType === 'input_required';
    const resultType = inputRequired ? 'InputRequiredResult' : RESULT_TYPES[method];
    if (!resultType) {
      violations.push({
        revision,
        method,
        type: 'Result',
        errors: ['no known result type for method'],
        message,
      });
      return violations;
    }
    check(resultType, result);
    // Where the revision names the whole response (2026-07-28 `CallToolResultResponse`), check it too.
    if (`${RESULT_TYPES[method]}Response` in spec.defs) check(`${RESULT_TYPES[method]}Response`, message);
  }
  return violations;
}
