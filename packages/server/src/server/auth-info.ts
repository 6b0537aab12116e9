/** Who made the request, as established by the auth layer (or an API Gateway authorizer). */
export interface AuthInfo {
  /** The principal: a user id, API key id or client id. */
  subject: string;
  /** The tenant or account the principal belongs to, when the identity carries one. */
  tenant?: string;
  scopes: string[];
  /** The raw claims or authorizer context the identity came from. */
  claims: Record<string, unknown>;
}
