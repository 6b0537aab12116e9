import type { Duration } from 'aws-cdk-lib';
import type { McpFunctionLike } from './function-target.ts';

/**
 * A Lambda REQUEST authorizer in front of the MCP route, such as one made with
 * `createApiKeyAuthorizer` from `lambda-mcp/auth`.
 */
export interface McpAuthorizerOptions {
  function: McpFunctionLike;
  /** The header carrying the key, the authorizer's identity source (default `x-api-key`). */
  header?: string;
  /**
   * Default 0 (no caching): every request is checked, so a revoked key stops on its next
   * request. A TTL saves invocations and key reads but keeps a revoked key working until
   * its cached Allow expires.
   */
  resultsCacheTtl?: Duration;
}
