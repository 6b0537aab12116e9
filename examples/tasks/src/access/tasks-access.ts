import type { AuthInfo } from 'lambda-mcp';
import { apiKeyAuth, insufficientScopeReply, presentedCredential, withCredential } from 'lambda-mcp/auth';
import type { AuthProvider, Exchange } from 'lambda-mcp/http';
import type { DatabaseHandle } from '../tools/database-access.ts';
import { anonymousCaller } from './anonymous-caller.ts';
import { tasksKeyStore } from './key-store.ts';

/** The header callers send their key in, and API Gateway's authorizer reads. */
export const API_KEY_HEADER = 'x-api-key';

export interface TasksAccess {
  /** Whether every request needs an API key verified in this process. */
  keysRequired: boolean;
  /** For the node adapter or the Lambda handler. */
  options: { auth: AuthProvider };
}

/**
 * Who may call, from `TASKS_API_KEYS` and the address the server binds:
 * - `required` (or a non-loopback `host`): API keys from the task database, checked in
 *   process (node, a Lambda Function URL); 401 without a valid key.
 * - unset: no check here. An identity an API Gateway authorizer established is used (its
 *   scopes apply, and the caller's `x-api-key` stays readable with `credentialOf`);
 *   without one the caller is anonymous, with every scope (loopback, trying it out).
 */
export function tasksAccess(
  env: Readonly<Record<string, string | undefined>>,
  where: { db: DatabaseHandle; host?: string },
): TasksAccess {
  const setting = env.TASKS_API_KEYS || undefined;
  if (setting !== undefined && setting !== 'required') {
    throw new Error(
      `TASKS_API_KEYS=${setting} is not a setting: use TASKS_API_KEYS=required to require API keys, or leave it unset (open on loopback).`,
    );
  }
  const required = setting === 'required' || (where.host !== undefined && !isLoopback(where.host));
  if (!required) return { keysRequired: false, options: { auth: authorizerOrAnonymous } };
  return {
    keysRequired: true,
    options: { auth: apiKeyAuth({ store: tasksKeyStore(where.db), header: API_KEY_HEADER }) },
  };
}

/**
 * No check in this process: the identity an API Gateway authorizer established, with the
 * caller's key attached (non-enumerable: no log or `JSON.stringify` shows it), else the
 * anonymous caller. Attaching the key is what the adapters' `credentialHeader` option does;
 * it is done here because that option applies only when no auth provider is given, and the
 * anonymous fallback needs one. A caller lacking a scope gets 403 with an `insufficient_scope`
 * challenge, as with in-process keys.
 */
const authorizerOrAnonymous = {
  authenticate(exchange: Exchange): AuthInfo {
    if (exchange.auth === undefined) return anonymousCaller();
    return withCredential({ ...exchange.auth }, presentedCredential(exchange.headers, API_KEY_HEADER));
  },
  forbidden: (scopes: readonly string[]) => insufficientScopeReply(scopes, { scheme: 'ApiKey' }),
} satisfies AuthProvider;

/** 127.0.0.0/8, ::1 and localhost: where an open server is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
