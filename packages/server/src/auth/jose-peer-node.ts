import { optionalPeer } from '../config/optional-peer.ts';
import type { Jose } from './jose-peer-web.ts';

export type { Jose } from './jose-peer-web.ts';

// Named at run time, so a bundler never follows them: on Node the JWT path is node:crypto's,
// and jose would only add ~25 KB that every cold start parses and nothing runs
// (`verifyWith: 'jose'` then needs jose in node_modules beside the bundle).
const VERIFY = 'jose/jwt/verify';
const REMOTE = 'jose/jwks/remote';
const importAtRunTime = (specifier: string): Promise<unknown> => import(specifier);

/**
 * `jose` on Node (the `node` condition of `#jose-peer`): loaded on first use from
 * node_modules, outside any bundle. Only `verifyWith: 'jose'` asks for it there.
 */
export const loadJose = optionalPeer<Jose>(
  'jose',
  async () => {
    const [verify, remote] = (await Promise.all([importAtRunTime(VERIFY), importAtRunTime(REMOTE)])) as [
      typeof import('jose/jwt/verify'),
      typeof import('jose/jwks/remote'),
    ];
    return { jwtVerify: verify.jwtVerify, createRemoteJWKSet: remote.createRemoteJWKSet };
  },
  'On Node jose is never bundled: install it beside the bundle, or leave verifyWith to node:crypto',
);
