/**
 * Whether `error` is DynamoDB's ConditionalCheckFailedException, told by its name and not
 * by `instanceof`: a client the application passes in may come from another copy of
 * `@aws-sdk/client-dynamodb` than the one lambda-mcp loads (npm nests a second copy when
 * the versions differ), whose exception class is another class of the same name.
 */
export function isConditionalCheckFailed(error: unknown): error is Error & { Item?: unknown } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
