import { ErrorCode, ProtocolError, ToolError } from 'lambda-mcp';

/**
 * Resources and prompts answer failures as JSON-RPC errors, not `isError` results: this
 * keeps the tool error's actionable message (NOT_FOUND names the listing tool) and maps
 * SERVICE_UNAVAILABLE to a 503. Anything else stays an internal error for the framework to log.
 */
export async function asProtocolError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    if (error.code === 'SERVICE_UNAVAILABLE') {
      throw new ProtocolError(ErrorCode.InternalError, error.message, {
        status: 503,
        data: { code: error.code },
      });
    }
    throw new ProtocolError(ErrorCode.InvalidParams, error.message, {
      data: { code: error.code, ...error.details },
    });
  }
}
