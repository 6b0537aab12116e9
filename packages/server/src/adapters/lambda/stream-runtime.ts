import type { Writable } from 'node:stream';
import type { LambdaContext } from './lambda-event.ts';

/** The head of a streamed response, written before the body. */
export interface StreamPrelude {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
}

/** A response-streaming handler as Lambda calls it. */
export type StreamingHandler = (
  event: unknown,
  responseStream: Writable,
  context: LambdaContext,
) => Promise<void>;

/** The two functions of Lambda's `awslambda` global this adapter uses. */
export interface StreamRuntime {
  streamifyResponse(handler: StreamingHandler): StreamingHandler;
  HttpResponseStream: { from(stream: Writable, prelude: StreamPrelude): Writable };
}

/** The delimiter between the JSON prelude and the body, as the Lambda runtime writes it. */
export const PRELUDE_DELIMITER = new Uint8Array(8);

/**
 * Outside Lambda (tests, local runs) the same contract: the handler is called with
 * a Writable, and `from` writes the JSON prelude and 8 NUL bytes before the body.
 */
export const localStreamRuntime: StreamRuntime = {
  streamifyResponse: (handler) => handler,
  HttpResponseStream: {
    from(stream, prelude) {
      const settable = stream as Writable & { setContentType?: (type: string) => void };
      settable.setContentType?.('application/vnd.awslambda.http-integration-response');
      stream.write(JSON.stringify(prelude));
      stream.write(PRELUDE_DELIMITER);
      return stream;
    },
  },
};

/** Lambda's runtime installs `globalThis.awslambda`; read it at call time, never at import. */
export function currentStreamRuntime(): StreamRuntime {
  const runtime = (globalThis as unknown as { awslambda?: Partial<StreamRuntime> }).awslambda;
  if (runtime?.streamifyResponse && runtime.HttpResponseStream) return runtime as StreamRuntime;
  return localStreamRuntime;
}
