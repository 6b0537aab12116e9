/** Where the HTTP server listens, from the environment Lambda Web Adapter sets up. */
export interface ListenAddress {
  port: number;
  host: string;
}

/**
 * Lambda Web Adapter forwards to `AWS_LWA_PORT` (else `PORT`, default 8080). Inside Lambda
 * (`AWS_LAMBDA_FUNCTION_NAME` set) we bind 0.0.0.0 as Lambda Web Adapter's examples do; anywhere else
 * loopback only, so a developer's laptop does not expose the server to its network.
 */
export function listenAddress(env: Readonly<Record<string, string | undefined>>): ListenAddress {
  const raw = env.AWS_LWA_PORT ?? env.PORT ?? '8080';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    throw new RangeError(`Invalid port "${raw}": AWS_LWA_PORT / PORT must be an integer from 0 to 65535`);
  }
  return { port, host: env.AWS_LAMBDA_FUNCTION_NAME ? '0.0.0.0' : '127.0.0.1' };
}
