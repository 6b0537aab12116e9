/**
 * Thrown by a tool to answer `isError: true` with a message an AI can act on, e.g.
 * `throw new ToolError('Task 42 not found. Call list_tasks to see valid ids.', { code: 'NOT_FOUND' })`.
 */
export class ToolError extends Error {
  /** A stable machine-readable kind (NOT_FOUND, VALIDATION_ERROR, ...): it leads the text the model reads and is sent as `_meta["lambda-mcp/error"].code`. */
  readonly code: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    message: string,
    options: { code?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ToolError';
    this.code = options.code;
    this.details = options.details;
  }
}
