import type { Platform } from 'lambda-mcp';

/**
 * A header of the MCP request itself, from whichever host delivered it: the Lambda event
 * (API Gateway REST, HTTP API, Function URL, ALB), Node's request, or a web Request.
 * Names match case-insensitively; repeated headers come back joined with ", ".
 */
export function incomingHeader(platform: Platform, name: string): string | undefined {
  const wanted = name.toLowerCase();
  switch (platform.kind) {
    case 'fetch':
      return platform.request.headers.get(wanted) ?? undefined;
    case 'node':
      return fromRecord(platform.request.headers, wanted);
    case 'lambda':
      // REST APIs and ALB (multi-value on) keep every value of a repeated header only in multiValueHeaders.
      return (
        fromRecord(platform.event.multiValueHeaders, wanted) ?? fromRecord(platform.event.headers, wanted)
      );
    case 'other': {
      const headers = (platform.request as { headers?: unknown } | null)?.headers;
      if (headers instanceof Headers) return headers.get(wanted) ?? undefined;
      return fromRecord(headers, wanted);
    }
  }
}

function fromRecord(headers: unknown, wanted: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
    return Array.isArray(value) ? value.join(', ') : String(value);
  }
  return undefined;
}
