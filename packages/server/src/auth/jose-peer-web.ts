import { optionalPeer } from '../config/optional-peer.ts';

export interface Jose {
  jwtVerify: typeof import('jose/jwt/verify').jwtVerify;
  createRemoteJWKSet: typeof import('jose/jwks/remote').createRemoteJWKSet;
}

/**
 * `jose`, loaded on first use (an optional peer of lambda-mcp), where the runtime has no
 * `node:crypto` (the default condition of `#jose-peer`: Workers, Deno, browsers), so their
 * bundlers include it. Only the two subpaths the verifier needs: about half the import cost
 * of the package root.
 */
export const loadJose = optionalPeer<Jose>('jose', async () => {
  const [verify, remote] = await Promise.all([import('jose/jwt/verify'), import('jose/jwks/remote')]);
  return { jwtVerify: verify.jwtVerify, createRemoteJWKSet: remote.createRemoteJWKSet };
});
