// lambda-mcp/limits: token-bucket rate limits with memory and DynamoDB stores (being built).
export {};
