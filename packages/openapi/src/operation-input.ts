import type {
  MediaTypeObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  SecuritySchemeObject,
} from './openapi-types.ts';
import { type JsonSchema, SchemaConverter } from './schema-converter.ts';
import { isTextMediaType } from './success-result.ts';

/** Where one argument goes in the request. */
export interface ParameterBinding {
  argument: string;
  parameter: ParameterObject;
}

/** How the request body is made from the arguments. */
export interface BodyBinding {
  mediaType: string;
  /** The body's properties are top-level arguments (named here); otherwise one argument holds the body. */
  flat: readonly string[] | undefined;
  argument: string;
  required: boolean;
  /** Properties (multipart, form) or the whole body (octet-stream) sent as bytes, given base64-encoded. */
  binary: readonly string[] | 'whole' | undefined;
  /** URL-encoded form fields whose `encoding` is style deepObject (`metadata[key]=value`). */
  deepObject?: readonly string[];
  /** Multipart file fields whose `encoding` names one concrete contentType, sent as that type. */
  partTypes?: Readonly<Record<string, string>>;
}

export interface OperationInput {
  schema: Record<string, unknown>;
  parameters: ParameterBinding[];
  body: BodyBinding | undefined;
}

/** Headers OpenAPI says parameters must not describe (3.1 §4.8.12.1): the request sets them. */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** Body media types in the order they are preferred when an operation offers several. */
const BODY_PREFERENCE = [
  (type: string) => type === 'application/json' || /^application\/[^;]*\+json/.test(type),
  (type: string) => type === 'application/x-www-form-urlencoded',
  (type: string) => type === 'multipart/form-data',
  (type: string) => type.startsWith('text/'),
  (type: string) => type === 'application/octet-stream',
];

/**
 * The flat input schema of an operation: path, query, header and cookie parameters by
 * name (made a valid argument name; a name used twice becomes `<in>_<name>`), then the
 * JSON, form or multipart body's properties, or the whole body under `body` when it is not
 * a plain object or a property name collides or is not a valid argument name. Parameters the document declares as the credential's place are left
 * out: the credential comes from the caller, never from the model.
 */
export function operationInput(
  path: string,
  pathItem: PathItemObject,
  operation: OperationObject,
  schemes: Readonly<Record<string, SecuritySchemeObject>>,
  names: ReadonlyMap<object, string>,
): OperationInput {
  const converter = new SchemaConverter('input', names);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const parameters: ParameterBinding[] = [];
  const credentialPlaces = new Set(
    Object.values(schemes)
      .filter((s) => s.type === 'apiKey')
      .map((s) => `${s.in}:${lower(s.in, s.name)}`),
  );
  for (const parameter of mergedParameters(path, pathItem, operation)) {
    if (parameter.in === 'header' && RESERVED_HEADERS.has(parameter.name.toLowerCase())) continue;
    if (credentialPlaces.has(`${parameter.in}:${lower(parameter.in, parameter.name)}`)) continue;
    const argument = argumentFor(parameter, properties);
    properties[argument] = parameterSchema(parameter, converter);
    if (parameter.required === true || parameter.in === 'path') required.push(argument);
    parameters.push({ argument, parameter });
  }
  const body = bodyBinding(operation, properties, required, converter);
  const schema: Record<string, unknown> = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  if (Object.keys(converter.defs).length > 0) schema.$defs = converter.defs;
  return { schema, parameters, body };
}

/**
 * Argument names model APIs accept: Anthropic's (and Bedrock's) refuse a whole request whose
 * tool has a top-level property name outside this, which JSON:API's `page[size]` is.
 */
const ARGUMENT = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The argument for a parameter: its name, brackets written as dots (`page[size]` →
 * `page.size`, `ids[]` → `ids`), other characters outside ARGUMENT as `_`, at most 64
 * characters; a name taken becomes `<in>_<name>`, then gets a number.
 */
function argumentFor(parameter: ParameterObject, taken: Record<string, unknown>): string {
  const base = parameter.name
    .replace(/\[([^\]]*)\]/g, (_, key: string) => (key === '' ? '' : `.${key}`))
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = (base || parameter.in).slice(0, 64);
  let argument = Object.hasOwn(taken, name) ? `${parameter.in}_${name}`.slice(0, 64) : name;
  for (let n = 2; Object.hasOwn(taken, argument); n += 1) {
    const suffix = `_${n}`;
    argument = `${name.slice(0, 64 - suffix.length)}${suffix}`;
  }
  return argument;
}

function lower(place: string | undefined, name: string | undefined): string {
  // Header names are case-insensitive; query and cookie names are not.
  return place === 'header' ? (name ?? '').toLowerCase() : (name ?? '');
}

/**
 * Path-level parameters apply to every operation unless the operation redefines them (same
 * name and place). A placeholder of the path template that neither declares (a mistake
 * hand-written documents make) is a required string: left out, the call would go to a
 * literal `/things/%7BthingId%7D` and no argument could fix it.
 */
function mergedParameters(
  path: string,
  pathItem: PathItemObject,
  operation: OperationObject,
): ParameterObject[] {
  const merged = new Map<string, ParameterObject>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const parameter of list) {
      if (!isParameter(parameter)) continue;
      merged.set(`${parameter.in}:${parameter.name}`, parameter);
    }
  }
  for (const [, name] of path.matchAll(/\{([^{}]+)\}/g)) {
    if (name !== undefined && !merged.has(`path:${name}`))
      merged.set(`path:${name}`, { name, in: 'path', required: true, schema: { type: 'string' } });
  }
  return [...merged.values()];
}

function isParameter(value: unknown): value is ParameterObject {
  const p = value as ParameterObject;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.name === 'string' &&
    ['path', 'query', 'header', 'cookie'].includes(p.in)
  );
}

function parameterSchema(parameter: ParameterObject, converter: SchemaConverter): JsonSchema {
  const source = parameter.schema ?? firstMedia(parameter.content)?.schema ?? { type: 'string' };
  const converted = converter.convert(source);
  const schema: Record<string, unknown> = typeof converted === 'boolean' ? {} : { ...converted };
  if (typeof parameter.description === 'string' && parameter.description.trim() !== '') {
    schema.description = parameter.description.trim();
  }
  if (parameter.deprecated === true) schema.deprecated = true;
  // The parameter's own example(s) (3.0 documents put them there, beside the schema): the
  // clearest hint of a value's form a model gets. The schema's own win.
  const examples = parameterExamples(parameter);
  if (schema.examples === undefined && examples.length > 0) schema.examples = examples;
  return schema;
}

function parameterExamples(parameter: ParameterObject): unknown[] {
  const { example, examples } = parameter as { example?: unknown; examples?: unknown };
  if (example !== undefined) return [example];
  if (typeof examples !== 'object' || examples === null) return [];
  return Object.values(examples).flatMap((entry) =>
    typeof entry === 'object' && entry !== null && 'value' in entry
      ? [(entry as { value: unknown }).value]
      : [],
  );
}

function firstMedia(content: Record<string, MediaTypeObject> | undefined): MediaTypeObject | undefined {
  if (typeof content !== 'object' || content === null) return undefined;
  return Object.values(content)[0];
}

/** The media type the body is sent as: JSON first, then forms, text, bytes, else the first declared. */
export function chooseMediaType(content: Record<string, MediaTypeObject>): string | undefined {
  const types = Object.keys(content);
  for (const prefers of BODY_PREFERENCE) {
    // By essence: `application/json; charset=utf-8` is JSON.
    const found = types.find((type) => prefers(type.split(';')[0]?.trim().toLowerCase() ?? ''));
    if (found !== undefined) return found;
  }
  return types[0];
}

function bodyBinding(
  operation: OperationObject,
  properties: Record<string, JsonSchema>,
  required: string[],
  converter: SchemaConverter,
): BodyBinding | undefined {
  const requestBody = operation.requestBody;
  const content = requestBody?.content;
  if (typeof content !== 'object' || content === null) return undefined;
  const mediaType = chooseMediaType(content);
  if (mediaType === undefined) return undefined;
  const raw = content[mediaType]?.schema;
  const bodyRequired = requestBody?.required === true;
  const fromEncoding = {
    ...deepObjectFields(mediaType, content[mediaType]?.encoding),
    ...partTypes(mediaType, content[mediaType]?.encoding),
  };
  const structured = /json|x-www-form-urlencoded|multipart\/form-data/.test(mediaType.toLowerCase());
  // Properties this mode leaves out (readOnly) cannot collide with a parameter: they are not arguments.
  const flatProperties = structured ? objectProperties(raw, converter) : undefined;
  if (
    flatProperties !== undefined &&
    Object.keys(flatProperties).every((name) => !Object.hasOwn(properties, name) && ARGUMENT.test(name)) &&
    Object.keys(flatProperties).length > 0
  ) {
    const flat: string[] = [];
    const binary: string[] = [];
    const ownTypes: Record<string, string> = {};
    const bodyRequiredNames = (raw as { required?: unknown }).required;
    for (const [name, schema] of Object.entries(flatProperties)) {
      properties[name] = binaryInput(converter.convert(schema), schema, binary, name);
      const own = binary.includes(name) ? ownPartType(schema) : undefined;
      if (own !== undefined && own !== 'application/octet-stream') ownTypes[name] = own;
      if (bodyRequired && Array.isArray(bodyRequiredNames) && bodyRequiredNames.includes(name))
        required.push(name);
      flat.push(name);
    }
    const multipart = mediaType.toLowerCase().startsWith('multipart/');
    // The encoding's contentType wins over the property's own (OpenAPI 3.1 §4.8.15.1).
    const types = multipart ? { ...ownTypes, ...fromEncoding.partTypes } : {};
    return {
      mediaType,
      flat,
      argument: 'body',
      required: bodyRequired,
      binary: multipart ? binary : undefined,
      ...fromEncoding,
      ...(Object.keys(types).length === 0 ? {} : { partTypes: types }),
    };
  }
  const argument = Object.hasOwn(properties, 'body') ? 'request_body' : 'body';
  const whole = !structured && !isTextMediaType(mediaType);
  // XML, YAML, CSV...: the model writes the text (its schema describes what the text encodes).
  const written = !structured && !whole && !mediaType.toLowerCase().startsWith('text/');
  const schema = whole
    ? { type: 'string', contentEncoding: 'base64' }
    : written
      ? { type: 'string' }
      : converter.convert(raw ?? {});
  const note = whole ? '(bytes, base64-encoded)' : written ? `(${mediaType.split(';')[0]?.trim()} text)` : '';
  properties[argument] = withDescription(schema, requestBody?.description, note);
  if (bodyRequired) required.push(argument);
  return {
    mediaType,
    flat: undefined,
    argument,
    required: bodyRequired,
    binary: whole ? 'whole' : undefined,
    ...fromEncoding,
  };
}

/** The multipart fields whose `encoding` names exactly one concrete media type (not `image/*`, not a list). */
function partTypes(
  mediaType: string,
  encoding: MediaTypeObject['encoding'],
): { partTypes?: Record<string, string> } {
  if (!mediaType.toLowerCase().startsWith('multipart/')) return {};
  if (typeof encoding !== 'object' || encoding === null) return {};
  const types = Object.entries(encoding).flatMap(([name, field]) => {
    const type = field?.contentType?.trim();
    return typeof type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? [[name, type] as const] : [];
  });
  return types.length === 0 ? {} : { partTypes: Object.fromEntries(types) };
}

/** The form fields an `encoding` sends as deepObject; none: no key, so converted APIs stay as they were. */
function deepObjectFields(
  mediaType: string,
  encoding: MediaTypeObject['encoding'],
): { deepObject?: string[] } {
  if (mediaType.split(';')[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded') return {};
  if (typeof encoding !== 'object' || encoding === null) return {};
  const names = Object.entries(encoding)
    .filter(([, field]) => field?.style === 'deepObject')
    .map(([name]) => name);
  return names.length === 0 ? {} : { deepObject: names };
}

/** The properties of a plain object body (no composition at its top, no open-ended extras). */
function objectProperties(schema: unknown, converter: SchemaConverter): Record<string, unknown> | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const s = schema as Record<string, unknown>;
  if (s.type !== undefined && s.type !== 'object') return undefined;
  if (s.allOf !== undefined || s.oneOf !== undefined || s.anyOf !== undefined) return undefined;
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) return undefined;
  if (typeof s.properties !== 'object' || s.properties === null) return undefined;
  return Object.fromEntries(
    Object.entries(s.properties).filter(([, property]) => !converter.omits(property)),
  );
}

/**
 * A file: 3.0's `format: binary`, or 3.1's `contentMediaType` naming bytes (`image/png`; not
 * text, not JSON) without a `contentEncoding` (then the value is that encoding's text).
 */
function isBinary(schema: unknown): boolean {
  const s = schema as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null) return false;
  if (s.format === 'binary') return true;
  const media = s.contentMediaType;
  return (
    typeof media === 'string' &&
    s.contentEncoding === undefined &&
    !isTextMediaType(media) &&
    !/^application\/([^;]*\+)?json\b/i.test(media.trim())
  );
}

/** The one concrete media type a 3.1 file property names for its part (`image/png`), if any. */
function ownPartType(schema: unknown): string | undefined {
  const media = (schema as { contentMediaType?: unknown } | null)?.contentMediaType;
  return typeof media === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(media.trim()) ? media.trim() : undefined;
}

/** A file field of a multipart body (or an array of them): the model passes the bytes base64-encoded. */
function binaryInput(schema: JsonSchema, source: unknown, names: string[], name: string): JsonSchema {
  const items = (source as { type?: unknown; items?: unknown } | null)?.items;
  const many = (source as { type?: unknown }).type === 'array' && isBinary(items);
  if (!many && !isBinary(source)) return schema;
  names.push(name);
  const description =
    typeof schema === 'object' && typeof schema.description === 'string' ? `${schema.description} ` : '';
  const file = { type: 'string', contentEncoding: 'base64' };
  if (!many) return { ...file, description: `${description}(file content, base64-encoded)` };
  return {
    type: 'array',
    items: file,
    description: `${description}(files, each one's content base64-encoded)`,
  };
}

function withDescription(schema: JsonSchema, description: string | undefined, note: string): JsonSchema {
  const out: Record<string, unknown> = typeof schema === 'boolean' ? {} : { ...schema };
  const parts = [description?.trim() || 'The request body.'];
  if (note !== '') parts.push(note);
  out.description = parts.join(' ');
  return out;
}
