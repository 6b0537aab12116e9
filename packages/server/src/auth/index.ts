// lambda-mcp/auth: API keys, OAuth 2.1 bearer tokens, per-tool scopes (being built).
export {};
