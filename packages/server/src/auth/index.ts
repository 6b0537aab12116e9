// lambda-mcp/auth: API keys, OAuth 2.1 bearer tokens, challenges and Protected Resource Metadata.
// Optional peers load on first use only: `jose` (OAuth) and `@aws-sdk/client-dynamodb` (DynamoDB key store).

export { credentialOf, type Identity, withCredential } from '../server/credential.ts';
export { type ApiKeyAuthOptions, apiKeyAuth } from './api-keys/api-key-auth.ts';
export {
  type DynamoKeyStoreOptions,
  dynamoKeyStore,
  keyTableDefinition,
} from './api-keys/dynamodb-key-store.ts';
export { generateKey, hashSecret, type ParsedKey, parseKey } from './api-keys/key-format.ts';
export type { ApiKeyRecord, KeyStore } from './api-keys/key-store.ts';
export {
  type ApiKeyAuthorizerOptions,
  type AuthorizerContext,
  type AuthorizerEvent,
  createApiKeyAuthorizer,
  type PolicyAuthorizerResult,
  type SimpleAuthorizerResult,
  wholeApi,
} from './api-keys/lambda-authorizer.ts';
export {
  type ApiKeyInfo,
  type CreateKeyOptions,
  createKey,
  listKeys,
  revokeKey,
} from './api-keys/manage-keys.ts';
export { memoryKeyStore } from './api-keys/memory-key-store.ts';
export {
  type PostgresKeyStore,
  type PostgresKeyStoreOptions,
  postgresKeyStore,
  type SqlQuery,
} from './api-keys/postgres-key-store.ts';
export {
  type ApiKeyRejection,
  type ApiKeyVerification,
  apiKeyClaims,
  apiKeyIdentity,
  type VerifyApiKeyOptions,
  verifyApiKey,
} from './api-keys/verify-api-key.ts';
export {
  AuthErrorCode,
  type Challenge,
  challengeHeader,
  insufficientScopeReply,
  unauthorizedReply,
} from './challenge.ts';
export type { DynamoClientLike, TableDefinition } from './dynamodb-types.ts';
export type { AuthDescription, HttpAuth } from './http-auth.ts';
export {
  type AuthorizationServerMetadata,
  discoverIssuer,
  discoveryUrls,
} from './oauth/authorization-server-metadata.ts';
export { type IntrospectionOptions, introspectToken } from './oauth/introspect-token.ts';
export {
  type OAuthResourceServer,
  type OAuthResourceServerOptions,
  oauthResourceServer,
} from './oauth/oauth-resource-server.ts';
export {
  auth0,
  cognito,
  entraId,
  googleIdToken,
  type IssuerPreset,
  keycloak,
  okta,
} from './oauth/presets.ts';
export {
  PROTECTED_RESOURCE_PATH,
  type ProtectedResourceMetadata,
  type ProtectedResourceOptions,
  protectedResourceMetadata,
  protectedResourcePaths,
  protectedResourceReply,
  resourceMetadataUrl,
} from './oauth/protected-resource-metadata.ts';
export { type ClaimMapping, identityFromClaims, type OAuthIdentity } from './oauth/token-claims.ts';
export {
  audienceMatches,
  createTokenVerifier,
  type TokenRejection,
  type TokenVerification,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './oauth/verify-bearer-token.ts';
export { type CredentialHeader, exchangeCredential, presentedCredential } from './presented-credential.ts';
export { hasScopes, missingScopes, type ScopeHierarchy } from './scopes.ts';
