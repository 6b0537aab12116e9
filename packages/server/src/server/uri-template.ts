/**
 * RFC 6570 URI templates, the subset resource templates use: `{var}`, `{+var}` (reserved,
 * may contain `/`), `{#var}` (a fragment), several variables in one (`{x,y}`), and `{?a,b}`
 * query expansion. Compiled once into a matcher.
 */
export interface UriTemplate {
  readonly template: string;
  readonly variables: readonly string[];
  match(uri: string): Record<string, string> | undefined;
}

const EXPRESSION = /\{([+#?&]?)([^}]+)\}/g;

export function compileUriTemplate(template: string): UriTemplate {
  const variables: string[] = [];
  const queryVariables: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of template.matchAll(EXPRESSION)) {
    pattern += escapeRegExp(template.slice(last, m.index));
    last = m.index + m[0].length;
    const operator = m[1];
    const names = (m[2] as string).split(',').map((n) => n.trim().replace(/\*$/, ''));
    if (operator === '?' || operator === '&') {
      queryVariables.push(...names);
      variables.push(...names);
      pattern += '(?:[?&].*)?';
      continue;
    }
    variables.push(...names);
    pattern += expressionPattern(operator, names.length);
  }
  pattern += escapeRegExp(template.slice(last));
  const pathVariables = variables.filter((v) => !queryVariables.includes(v));
  const regex = new RegExp(`^${pattern}$`);
  return {
    template,
    variables,
    match(uri) {
      const m = regex.exec(uri);
      if (!m) return undefined;
      const values: Record<string, string> = {};
      for (let i = 0; i < pathVariables.length; i++) {
        const value = decoded(m[i + 1] as string);
        // Malformed percent-encoding names no resource of this template: no match, not a URIError.
        if (value === undefined) return undefined;
        values[pathVariables[i] as string] = value;
      }
      if (queryVariables.length > 0) {
        const query = queryValues(uri);
        if (query === undefined) return undefined;
        for (const name of queryVariables) {
          const value = query.get(name);
          if (value !== undefined) values[name] = value;
        }
      }
      return values;
    },
  };
}

/**
 * One expression as RFC 6570 expands it: `{#a}` starts with "#", and the values of a
 * multi-variable expression are joined with commas (`{x,y}` -> `10,20`), which a simple
 * value cannot contain (it would be encoded as %2C). A reserved value can: each but the
 * last takes the shortest match.
 */
function expressionPattern(operator: string | undefined, count: number): string {
  const reserved = operator === '+' || operator === '#';
  const prefix = operator === '#' ? '#' : '';
  if (count === 1) return `${prefix}${reserved ? '(.+)' : '([^/?#]+)'}`;
  const groups = Array.from({ length: count }, (_, i) =>
    reserved ? (i === count - 1 ? '(.+)' : '(.+?)') : '([^/?#,]+)',
  );
  return `${prefix}${groups.join(',')}`;
}

/**
 * The query of `uri`, percent-decoded the way RFC 6570 form-style expansion encodes it (a
 * space is %20, a plus %2B): not as a form (URLSearchParams), which would read "c++" as
 * "c  ". The first value of a repeated name counts; undefined when the encoding is malformed.
 */
function queryValues(uri: string): Map<string, string> | undefined {
  const values = new Map<string, string>();
  const start = uri.indexOf('?');
  if (start === -1) return values;
  for (const pair of uri.slice(start + 1).split('&')) {
    if (pair === '') continue;
    const split = pair.indexOf('=');
    const name = decoded(split === -1 ? pair : pair.slice(0, split));
    const value = decoded(split === -1 ? '' : pair.slice(split + 1));
    if (name === undefined || value === undefined) return undefined;
    if (!values.has(name)) values.set(name, value);
  }
  return values;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
