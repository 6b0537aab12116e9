import type { AuthInfo } from 'lambda-mcp';
import { TASKS_SCOPES } from './scopes.ts';

const ANONYMOUS = Symbol('tasks.anonymous');

/**
 * The caller when no auth layer is in front of the server (`npm start` on loopback, a Lambda
 * with neither an authorizer nor TASKS_API_KEYS=required): the owner of the shared anonymous
 * workspace, holding every scope. The tools always declare their scopes; this identity is
 * how "no auth" keeps every tool usable without a second, unscoped definition of the server.
 * Recognised by a symbol no authorizer context or key can carry, so a subject that calls
 * itself "anonymous" still gets its own workspace.
 */
export function anonymousCaller(): AuthInfo {
  return { subject: 'anonymous', scopes: [...TASKS_SCOPES], claims: {}, [ANONYMOUS]: true } as AuthInfo;
}

/** Whether `auth` is the identity `anonymousCaller()` made (a copy with spread still is). */
export function isAnonymousCaller(auth: AuthInfo): boolean {
  return (auth as { [ANONYMOUS]?: boolean })[ANONYMOUS] === true;
}
