import { type CredentialHeader, presentedCredential } from '../presented-credential.ts';
import { parseKey } from './key-format.ts';
import type { KeyStore } from './key-store.ts';
import {
  type ApiKeyRejection,
  apiKeyClaims,
  type VerifyApiKeyOptions,
  verifyApiKey,
} from './verify-api-key.ts';

/** A REQUEST authorizer event: REST (`methodArn`), HTTP API 1.0 or 2.0 (`routeArn`). */
export interface AuthorizerEvent {
  type?: string;
  version?: string;
  methodArn?: string;
  routeArn?: string;
  headers?: Record<string, string | undefined> | null;
}

/** The context API Gateway passes on: values must be strings, numbers or booleans. */
export type AuthorizerContext = Record<string, string | number | boolean>;

/** REST API (and HTTP API payload 1.0): an IAM policy. */
export interface PolicyAuthorizerResult {
  principalId: string;
  policyDocument: {
    Version: '2012-10-17';
    Statement: { Action: 'execute-api:Invoke'; Effect: 'Allow' | 'Deny'; Resource: string }[];
  };
  context?: AuthorizerContext;
}

/** HTTP API payload 2.0 with simple responses enabled. */
export interface SimpleAuthorizerResult {
  isAuthorized: boolean;
  context?: AuthorizerContext;
}

export interface ApiKeyAuthorizerOptions extends VerifyApiKeyOptions {
  store: KeyStore;
  /** `'x-api-key'` (default) or `'authorization'` for `Authorization: Bearer <key>`. */
  header?: CredentialHeader;
  /**
   * What an Allow/Deny policy covers. `'api'` (default): the whole API (`arn:…:apiId/*`),
   * required when result caching is on (`resultTtlInSeconds` > 0), since the cached policy
   * then answers for every route the same key calls; `'method'`: only `methodArn`, correct
   * only with caching off.
   */
  policyResource?: 'api' | 'method';
  /**
   * Called on every refused key, for logs and metrics (never receives the key).
   * `'unavailable'`: the store failed (the authorizer then throws); `error` is what it threw.
   */
  onReject?: (
    reason: ApiKeyRejection | 'missing' | 'unavailable',
    keyId: string | undefined,
    error?: unknown,
  ) => void;
}

/**
 * A Lambda REQUEST authorizer that checks an API key. REST APIs get an IAM policy whose
 * `context` carries `sub`, `tenant`, `key_id`, `key_name` and `scope` (read back by the
 * lambda adapter into `ctx.auth`); HTTP API 2.0 gets `{ isAuthorized, context }`.
 * A request without a key is answered 401 (the thrown `Unauthorized` API Gateway expects);
 * an invalid key gets a Deny (403).
 */
export function createApiKeyAuthorizer(
  options: ApiKeyAuthorizerOptions,
): (event: AuthorizerEvent) => Promise<PolicyAuthorizerResult | SimpleAuthorizerResult> {
  const header = options.header ?? 'x-api-key';
  return async (event) => {
    const simple = event.version === '2.0';
    const presented = presentedCredential(event.headers ?? {}, header);
    if (presented === undefined) {
      options.onReject?.('missing', undefined);
      if (simple) return { isAuthorized: false };
      // API Gateway answers 401 only for this exact error message.
      throw new Error('Unauthorized');
    }
    let result: Awaited<ReturnType<typeof verifyApiKey>>;
    try {
      result = await verifyApiKey(options.store, presented, options);
    } catch (error) {
      // Thrown on: API Gateway answers 500 and caches nothing, where a Deny would be cached.
      options.onReject?.('unavailable', parseKey(presented)?.keyId, error);
      throw error;
    }
    if (!result.ok) options.onReject?.(result.reason, result.keyId);
    const context = result.ok ? apiKeyClaims(result.record) : undefined;
    if (simple) return context ? { isAuthorized: true, context } : { isAuthorized: false };
    const arn = event.methodArn ?? event.routeArn ?? '';
    const resource = options.policyResource === 'method' ? arn : wholeApi(arn);
    return policy(result.ok ? result.identity.subject : 'anonymous', result.ok, resource, context);
  };
}

/** `arn:aws:execute-api:region:account:apiId/stage/GET/path` → `arn:aws:execute-api:region:account:apiId/*`. */
export function wholeApi(methodArn: string): string {
  const slash = methodArn.indexOf('/');
  return slash === -1 ? methodArn : `${methodArn.slice(0, slash)}/*`;
}

function policy(
  principalId: string,
  allow: boolean,
  resource: string,
  context: AuthorizerContext | undefined,
): PolicyAuthorizerResult {
  const result: PolicyAuthorizerResult = {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: allow ? 'Allow' : 'Deny', Resource: resource }],
    },
  };
  if (context) result.context = context;
  return result;
}
