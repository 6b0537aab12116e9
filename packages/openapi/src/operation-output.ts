import type { OperationObject, ResponseObject } from './openapi-types.ts';
import { SchemaConverter } from './schema-converter.ts';

/**
 * The `outputSchema` of an operation: the JSON schema of its first documented 2xx
 * response, when that is an object (MCP's `structuredContent` is an object; an array or
 * scalar answer is returned as text instead).
 */
export function operationOutput(
  operation: OperationObject,
  names: ReadonlyMap<object, string>,
): Record<string, unknown> | undefined {
  const response = successResponse(operation.responses);
  const content = response?.content;
  if (typeof content !== 'object' || content === null) return undefined;
  const jsonType = Object.keys(content).find(isJsonMediaType);
  const raw = jsonType === undefined ? undefined : content[jsonType]?.schema;
  if (raw === undefined) return undefined;
  const converter = new SchemaConverter('output', names);
  const schema = converter.convert(raw);
  if (typeof schema !== 'object' || schema.type !== 'object') return undefined;
  if (Object.keys(converter.defs).length === 0) return schema;
  return { ...schema, $defs: converter.defs };
}

function successResponse(responses: Record<string, ResponseObject> | undefined): ResponseObject | undefined {
  if (typeof responses !== 'object' || responses === null) return undefined;
  const codes = Object.keys(responses)
    .filter((code) => /^2(\d\d|XX)$/i.test(code))
    .sort();
  const code = codes[0];
  return code === undefined ? undefined : responses[code];
}

export function isJsonMediaType(type: string): boolean {
  const essence = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence.endsWith('+json');
}
