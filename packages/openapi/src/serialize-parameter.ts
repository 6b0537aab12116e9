import type { ParameterObject } from './openapi-types.ts';

/**
 * Percent-encodes everything but RFC 3986 unreserved characters (`encodeURIComponent`
 * leaves `!'()*` alone; a path segment or query value must not carry them raw). With
 * `allowReserved` (a query value), reserved characters and percent-encoded triples stay
 * as they are (RFC 6570 reserved expansion), except those OpenAPI 3.1.1 §4.8.12.4 still
 * has encoded: `#` would end the query (the rest, a query credential included, would
 * never be sent), `&` `=` `+` would split or change the value, `[` `]` are not allowed there.
 */
export function encodeRfc3986(value: string, allowReserved = false): string {
  const encoded = encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  if (!allowReserved) return encoded;
  return encoded
    .replace(/%(2[14789ACF]|3[ABF]|40)/gi, (match) => decodeURIComponent(match))
    .replace(/%25([0-9A-F]{2})/gi, '%$1');
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function styleOf(parameter: ParameterObject): string {
  if (parameter.style !== undefined) return parameter.style;
  return parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple';
}

function explodeOf(parameter: ParameterObject, style: string): boolean {
  return parameter.explode ?? style === 'form';
}

/** A value declared through `content` (e.g. application/json) is sent serialised as that media type. */
function contentValue(parameter: ParameterObject, value: unknown): string | undefined {
  if (parameter.content === undefined || parameter.schema !== undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The path segment(s) replacing `{name}`: styles simple (default), label and matrix (OpenAPI 3 §4.8.12.4). */
export function serializePathParameter(parameter: ParameterObject, value: unknown): string {
  const enc = (v: unknown) => encodeRfc3986(scalar(v));
  const raw = contentValue(parameter, value);
  if (raw !== undefined) return encodeRfc3986(raw);
  const style = styleOf(parameter);
  const explode = explodeOf(parameter, style);
  const name = parameter.name;
  if (Array.isArray(value)) {
    const items = value.map(enc);
    if (style === 'label') return `.${items.join(explode ? '.' : ',')}`;
    if (style === 'matrix')
      return explode ? items.map((i) => `;${name}=${i}`).join('') : `;${name}=${items.join(',')}`;
    return items.join(',');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    const pairs = explode
      ? entries.map(([k, v]) => `${enc(k)}=${enc(v)}`)
      : entries.flatMap(([k, v]) => [enc(k), enc(v)]);
    if (style === 'label') return `.${pairs.join(explode ? '.' : ',')}`;
    if (style === 'matrix')
      return explode ? pairs.map((p) => `;${p}`).join('') : `;${name}=${pairs.join(',')}`;
    return pairs.join(',');
  }
  if (style === 'label') return `.${enc(value)}`;
  if (style === 'matrix') return `;${name}=${enc(value)}`;
  return enc(value);
}

/**
 * The `name=value` pairs (already encoded) a query parameter adds: form (exploded or
 * not), spaceDelimited, pipeDelimited and deepObject.
 */
export function serializeQueryParameter(parameter: ParameterObject, value: unknown): string[] {
  const reserved = parameter.allowReserved === true;
  const enc = (v: unknown) => encodeRfc3986(scalar(v), reserved);
  const name = encodeRfc3986(parameter.name);
  const raw = contentValue(parameter, value);
  if (raw !== undefined) return [`${name}=${encodeRfc3986(raw)}`];
  const style = styleOf(parameter);
  const explode = explodeOf(parameter, style);
  const separator = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
  if (Array.isArray(value)) {
    if (explode && (style === 'form' || style === 'spaceDelimited' || style === 'pipeDelimited')) {
      return value.map((item) => `${name}=${enc(item)}`);
    }
    return [`${name}=${value.map(enc).join(separator)}`];
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (style === 'deepObject') return deepPairs(name, value, enc);
    if (explode) return entries.map(([k, v]) => `${encodeRfc3986(k)}=${enc(v)}`);
    return [`${name}=${entries.flatMap(([k, v]) => [enc(k), enc(v)]).join(separator)}`];
  }
  return [`${name}=${enc(value)}`];
}

/**
 * deepObject pairs, one bracket per level: `filter[title][$eq]=a`, array items by index
 * (`filter[id][$in][0]=1`), as qs, Rails and Strapi read them and as form bodies are
 * written (OpenAPI leaves nesting undefined; JSON text in one field is what none of them read).
 */
function deepPairs(name: string, value: unknown, enc: (v: unknown) => string): string[] {
  if (typeof value !== 'object' || value === null) return [`${name}=${enc(value)}`];
  const entries = Array.isArray(value)
    ? value.map((item, i) => [String(i), item] as const)
    : Object.entries(value);
  return entries.flatMap(([k, v]) => deepPairs(`${name}[${encodeRfc3986(k)}]`, v, enc));
}

/** A header parameter's value: style simple. */
export function serializeHeaderParameter(parameter: ParameterObject, value: unknown): string {
  const raw = contentValue(parameter, value);
  if (raw !== undefined) return raw;
  if (Array.isArray(value)) return value.map(scalar).join(',');
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return (
      parameter.explode === true ? entries.map(([k, v]) => `${k}=${scalar(v)}`) : entries.flat().map(scalar)
    ).join(',');
  }
  return scalar(value);
}

/** A cookie parameter's `name=value` (style form). */
export function serializeCookieParameter(parameter: ParameterObject, value: unknown): string {
  const raw = contentValue(parameter, value);
  const text = raw ?? (Array.isArray(value) ? value.map(scalar).join(',') : scalar(value));
  return `${parameter.name}=${encodeRfc3986(text)}`;
}
