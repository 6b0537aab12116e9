import type { OperationObject, ResponseObject } from './openapi-types.ts';
import { SchemaConverter } from './schema-converter.ts';

/**
 * The `outputSchema` of an operation: the JSON schema of its documented 2xx responses,
 * when that is an object (MCP's `structuredContent` is an object; an array or scalar
 * answer is returned as text instead) and every 2xx response documents that same JSON
 * body. A success documented without one (GitHub's `201` created, `204` updated) or with
 * another schema could not be returned as structured content: such a tool answers as text.
 */
export function operationOutput(
  operation: OperationObject,
  names: ReadonlyMap<object, string>,
): Record<string, unknown> | undefined {
  const schemas = new Set(successResponses(operation.responses).map(jsonSchemaOf));
  if (schemas.size !== 1) return undefined;
  const [raw] = schemas;
  if (raw === undefined) return undefined;
  const converter = new SchemaConverter('output', names);
  const schema = converter.convert(raw);
  if (typeof schema !== 'object' || schema.type !== 'object') return undefined;
  if (Object.keys(converter.defs).length === 0) return schema;
  return { ...schema, $defs: converter.defs };
}

function jsonSchemaOf(response: ResponseObject | undefined): unknown {
  const content = response?.content;
  if (typeof content !== 'object' || content === null) return undefined;
  const jsonType = Object.keys(content).find(isJsonMediaType);
  return jsonType === undefined ? undefined : content[jsonType]?.schema;
}

function successResponses(
  responses: Record<string, ResponseObject> | undefined,
): (ResponseObject | undefined)[] {
  if (typeof responses !== 'object' || responses === null) return [];
  return Object.keys(responses)
    .filter((code) => /^2(\d\d|XX)$/i.test(code))
    .map((code) => responses[code]);
}

export function isJsonMediaType(type: string): boolean {
  const essence = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence.endsWith('+json');
}
