import type { Exchange } from '../../http/index.ts';
import { dependencyUnavailableReply } from '../../http/replies.ts';
import { insufficientScopeReply, unauthorizedReply } from '../challenge.ts';
import type { HttpAuth } from '../http-auth.ts';
import { type CredentialHeader, exchangeCredential } from '../presented-credential.ts';
import { parseKey } from './key-format.ts';
import type { KeyStore } from './key-store.ts';
import { type ApiKeyRejection, type VerifyApiKeyOptions, verifyApiKey } from './verify-api-key.ts';

export interface ApiKeyAuthOptions extends VerifyApiKeyOptions {
  store: KeyStore;
  /** `'x-api-key'` (default) or `'authorization'` for `Authorization: Bearer <key>`. */
  header?: CredentialHeader;
  /**
   * Called on every refused key, for logs and metrics (never receives the key).
   * `'unavailable'`: the store failed (throttled, unreachable); `error` is what it threw.
   */
  onReject?: (
    reason: ApiKeyRejection | 'missing' | 'unavailable',
    keyId: string | undefined,
    exchange: Exchange,
    error?: unknown,
  ) => void;
}

const REASONS: Record<ApiKeyRejection | 'missing', string> = {
  missing: 'send an API key',
  malformed: 'the API key is malformed',
  unknown: 'the API key is not valid',
  revoked: 'the API key was revoked',
  expired: 'the API key expired',
};

/**
 * In-process API key verification for Function URLs, the node adapter and fetch hosts:
 * `createLambdaHandler(server, { ...apiKeyAuth({ store }) })`-style wiring through `authenticate`.
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): HttpAuth {
  const header = (options.header ?? 'x-api-key').toLowerCase();
  const scheme = header === 'authorization' ? 'Bearer' : 'ApiKey';
  const challenge = scheme === 'Bearer' ? { scheme } : { scheme, header };
  return {
    async authenticate(exchange) {
      const presented = exchangeCredential(exchange, header);
      if (presented === undefined) {
        options.onReject?.('missing', undefined, exchange);
        return unauthorizedReply(challenge, `Unauthorized: ${REASONS.missing}`);
      }
      let result: Awaited<ReturnType<typeof verifyApiKey>>;
      try {
        result = await verifyApiKey(options.store, presented, options);
      } catch (error) {
        // The store, not the key, failed: a retryable 503 (as OAuth answers an unreachable issuer), not a 500.
        options.onReject?.('unavailable', parseKey(presented)?.keyId, exchange, error);
        return dependencyUnavailableReply('The API key store');
      }
      if (result.ok) return result.identity;
      options.onReject?.(result.reason, result.keyId, exchange);
      return unauthorizedReply(
        { ...challenge, error: 'invalid_token', errorDescription: REASONS[result.reason] },
        `Unauthorized: ${REASONS[result.reason]}`,
      );
    },
    routes: {},
    forbidden: (scopes) => insufficientScopeReply(scopes, { scheme }),
    describe: { scheme: header === 'authorization' ? 'bearer' : 'apiKey', header },
  };
}
