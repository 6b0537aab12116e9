import type { AuthInfo } from './auth-info.ts';

const CREDENTIAL = 'credential';

/** AuthInfo that may also hold the credential the caller presented (see `credentialOf`). */
export interface Identity extends AuthInfo {
  /** The presented credential; non-enumerable, so never serialised or logged. */
  readonly credential?: string;
}

/**
 * Attaches the presented credential to an identity as a non-enumerable, read-only
 * property: `JSON.stringify`, `console.log`, object spread and structured logs skip it,
 * while a tool that must call a downstream API on the caller's behalf can still read it
 * (`credentialOf(ctx.auth)`). The claims never contain it.
 */
export function withCredential<T extends AuthInfo>(
  identity: T,
  credential: string | undefined,
): T & Identity {
  if (credential !== undefined) {
    Object.defineProperty(identity, CREDENTIAL, { value: credential, enumerable: false, writable: false });
  }
  return identity;
}

/** The credential the caller presented, when the auth layer kept it; undefined otherwise. */
export function credentialOf(auth: AuthInfo | undefined): string | undefined {
  const value = auth === undefined ? undefined : (auth as Identity).credential;
  return typeof value === 'string' ? value : undefined;
}
