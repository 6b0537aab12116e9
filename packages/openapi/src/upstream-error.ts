import { ToolError } from 'lambda-mcp';
import { shorten } from './describe-operation.ts';

/**
 * Why a request went without a credential: the operation declares no security scheme it
 * could go in, or there was none to send (the caller presented none, none configured).
 */
export type UnsentCredential = 'undeclared' | 'missing';

/** Answers that point elsewhere (Location); the call does not follow them (redirect: 'manual'). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Enough of the API's own message for a model to act on; the rest is noise in its context. */
const MAX_API_MESSAGE = 500;

/**
 * The tool error for a non-2xx answer, coded so a model knows what to do next: fix the
 * arguments (VALIDATION_ERROR, with the API's own message), a credential problem
 * (UNAUTHORIZED, FORBIDDEN), a wrong id (NOT_FOUND), a state conflict (CONFLICT), wait
 * (RATE_LIMITED with the retry time), or try later (SERVICE_UNAVAILABLE, with the retry time
 * when the API gives one; the API's 5xx text is for the log, not the model). A redirect says it was not followed and why.
 */
export function upstreamError(
  tool: string,
  status: number,
  body: string,
  retryAfter: string | null,
  call: {
    unsent?: UnsentCredential | undefined;
    pathArguments?: boolean;
    rateLimited?: boolean;
    /** A write that is not idempotent (POST, PATCH): repeating it blindly may do it twice. */
    repeatable?: boolean;
  } = {},
): ToolError {
  const { unsent, pathArguments = true, rateLimited = false, repeatable = true } = call;
  const apiMessage = messageOf(body);
  const said = apiMessage ? `: ${apiMessage}` : '.';
  // Where a sentence of ours follows, the API's message ends as one ("... 80 characters. Fix ...").
  const ended = apiMessage ? `: ${sentence(apiMessage)}` : '.';
  if (status === 401 && unsent !== undefined) {
    // "The caller's credential was refused" would send a model (or its user) after another key.
    const why =
      unsent === 'undeclared'
        ? `the API's OpenAPI document declares no security scheme for ${tool}, so where the caller's credential goes is unknown. The server's operator must say where it goes (the fallbackScheme option, or security in the document); another credential will not help.`
        : "neither the caller nor this server's configuration gave one. Connect with a credential for this API.";
    return new ToolError(`The API refused ${tool} without a credential (401)${ended} None was sent: ${why}`, {
      code: 'UNAUTHORIZED',
      details: { status },
    });
  }
  if (status === 400 || status === 422) {
    return new ToolError(
      `The API refused the arguments of ${tool} (${status})${ended} Fix the arguments and call it again.`,
      {
        code: 'VALIDATION_ERROR',
        details: { status },
      },
    );
  }
  if (status === 429 || rateLimited) {
    const retryAfterMs = retryAfterMsOf(retryAfter);
    const when =
      retryAfterMs === undefined
        ? 'Wait before retrying.'
        : `Retry after ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new ToolError(`The API is rate limiting ${tool} (${status})${ended} ${when}`, {
      code: 'RATE_LIMITED',
      details: retryAfterMs === undefined ? { status } : { status, retryAfterMs },
    });
  }
  if (status === 401) {
    return new ToolError(`The API did not accept the caller's credential for ${tool} (401)${said}`, {
      code: 'UNAUTHORIZED',
      details: { status },
    });
  }
  if (status === 403) {
    return new ToolError(`The caller may not use ${tool} (403)${said}`, {
      code: 'FORBIDDEN',
      details: { status },
    });
  }
  if (status === 404) {
    // Without an id of the model's, a 404 is the path itself: a base URL missing its /v1, say.
    const next = pathArguments
      ? 'Check the ids in the arguments.'
      : "It takes no ids, so the API has nothing at its path: the server's base URL may be wrong, which its operator can fix.";
    return new ToolError(`${tool} found nothing (404)${ended} ${next}`, {
      code: 'NOT_FOUND',
      details: { status },
    });
  }
  if (status === 409) {
    return new ToolError(`${tool} conflicts with the current state (409)${said}`, {
      code: 'CONFLICT',
      details: { status },
    });
  }
  if (status >= 500) {
    // A 503 (or any 5xx) may say when to come back (RFC 9110 §10.2.3): pass that on, as for 429.
    const retryAfterMs = retryAfterMsOf(retryAfter);
    const when =
      retryAfterMs === undefined ? 'Try again later.' : `Retry after ${Math.ceil(retryAfterMs / 1000)} s.`;
    // A 500, 502 or 504 may come after the API did the work (a gateway gave up waiting); a 503 is a refusal.
    const caveat = !repeatable && status !== 503 ? ` ${mayHaveTakenEffect(tool)}` : '';
    return new ToolError(`The API failed to answer ${tool} (${status}). ${when}${caveat}`, {
      code: 'SERVICE_UNAVAILABLE',
      details: retryAfterMs === undefined ? { status } : { status, retryAfterMs },
    });
  }
  if (REDIRECTS.has(status)) {
    return new ToolError(
      `The API answered ${tool} with a redirect (${status}), which is not followed: it could take the caller's credential to another address. ` +
        `The call cannot succeed from here as it is; the API may have moved, which the server's operator can fix (its base URL). ` +
        `If ${tool} changes something, check with a read whether it took effect before calling it again.`,
      { code: 'UPSTREAM_ERROR', details: { status } },
    );
  }
  return new ToolError(`The API answered ${tool} with ${status}${said}`, {
    code: 'UPSTREAM_ERROR',
    details: { status },
  });
}

/**
 * The human message of an error body: common JSON shapes (message, error_description,
 * detail, title, error; errors as a list or by field, as ASP.NET Core, Rails and JSON:API
 * send them; FastAPI's [{loc, msg}]), else the text.
 */
function messageOf(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  let found: unknown = text;
  try {
    found = pickMessage(JSON.parse(text)) ?? text;
  } catch {
    // Not JSON: the text is the message.
  }
  return shorten(String(found).replace(/\s+/g, ' '), MAX_API_MESSAGE);
}

function pickMessage(value: unknown): string | undefined {
  // An empty message (Spring Boot hides its own by default) says nothing: look further.
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) return value.map(pickMessage).filter(Boolean).join('; ') || undefined;
  const record = value as Record<string, unknown>;
  // FastAPI / pydantic: where (["body", "name"]) and what; the input it echoes is noise.
  if (typeof record.msg === 'string' && Array.isArray(record.loc))
    return `${record.loc.join('.')}: ${record.msg}`;
  const errors = fieldErrors(record.errors);
  for (const key of ['message', 'error_description', 'detail', 'title', 'msg', 'error']) {
    const found = pickMessage(record[key]);
    if (found !== undefined) return errors === undefined ? found : `${found} (${errors})`;
  }
  return errors ?? JSON.stringify(value);
}

/**
 * The field errors beside a message: a list (JSON:API, GitHub) or, as ASP.NET Core's
 * ValidationProblemDetails and Rails send them, by field (`{"Name": ["... is required."]}`):
 * without them a model reads "One or more validation errors occurred." and not which.
 */
function fieldErrors(errors: unknown): string | undefined {
  if (Array.isArray(errors)) return pickMessage(errors);
  if (typeof errors !== 'object' || errors === null) return undefined;
  const byField = Object.entries(errors).flatMap(([field, said]) => {
    const list = (Array.isArray(said) ? said : [said]).map(pickMessage).filter(Boolean);
    return list.length === 0 ? [] : [`${field}: ${list.join(', ')}`];
  });
  return byField.join('; ') || undefined;
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMsOf(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The API's message ending as a sentence, so what follows reads as the next one. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/**
 * A 403 or 429 that says the rate limit is spent (GitHub answers its primary limit with a 403
 * and x-ratelimit-remaining: 0), and when it resets as a Retry-After value: Retry-After itself,
 * else x-ratelimit-reset (GitHub's epoch seconds) or RateLimit-Reset (seconds from now).
 */
export function rateLimitOf(
  status: number,
  headers: Headers,
): { rateLimited: boolean; retryAfter: string | null } {
  const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining');
  const rateLimited = status === 429 || (status === 403 && remaining?.trim() === '0');
  const retryAfter = headers.get('retry-after');
  if (!rateLimited || retryAfter !== null) return { rateLimited, retryAfter };
  const reset = Number(headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset') ?? Number.NaN);
  if (!Number.isFinite(reset) || reset < 0) return { rateLimited, retryAfter: null };
  // Past 10^9 it is a moment (epoch seconds), below it a number of seconds.
  const seconds = reset > 1e9 ? Math.max(0, Math.ceil(reset - Date.now() / 1000)) : Math.ceil(reset);
  return { rateLimited, retryAfter: String(seconds) };
}

/** For a write that is not idempotent and whose answer was lost: what to do before repeating it. */
export function mayHaveTakenEffect(tool: string): string {
  return `It may have taken effect before the answer was lost: check with a read before calling ${tool} again.`;
}
