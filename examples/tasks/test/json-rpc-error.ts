import assert from 'node:assert/strict';

/**
 * The JSON-RPC error a client request was answered with: `[code, message, data]`. The
 * official client throws a ProtocolError for an error in a 200 response, and an SdkHttpError
 * carrying the body for one sent with an HTTP error status (a 503, say): both are read here.
 */
export async function jsonRpcError(request: Promise<unknown>): Promise<[number, string, unknown]> {
  const error = (await request.then(
    () => assert.fail('expected a JSON-RPC error'),
    (caught: unknown) => caught,
  )) as { code: unknown; message: string; data?: { text?: string } };
  if (typeof error.code === 'number') return [error.code, error.message, error.data];
  assert.equal(typeof error.data?.text, 'string', `not a JSON-RPC error: ${error.message}`);
  const body = JSON.parse(error.data!.text!) as {
    error: { code: number; message: string; data?: { code?: unknown } };
  };
  return [body.error.code, body.error.message, body.error.data];
}
