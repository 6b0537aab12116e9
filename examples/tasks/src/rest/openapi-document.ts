import * as z from 'zod';
import { API_KEY_HEADER } from '../access/tasks-access.ts';
import type { RestRoute } from './rest-route.ts';

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input, an unknown body field or query parameter included: the message names each.',
  '401': 'No valid API key.',
  '403': 'The key lacks the scope.',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

function parameters(
  shape: z.ZodObject | undefined,
  place: 'path' | 'query' | 'header',
): Record<string, unknown>[] {
  if (shape === undefined) return [];
  const schema = jsonSchema(shape, 'input');
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, Record<string, unknown>>).map(
    ([name, property]) => {
      const { description, ...rest } = property;
      return {
        // Header names are case-insensitive: the routes read them in lower case, the document
        // shows them as they are usually written (Idempotency-Key).
        name:
          place === 'header'
            ? name.replace(/(^|-)([a-z])/g, (_, dash, letter) => dash + letter.toUpperCase())
            : name,
        in: place,
        required: place === 'path' || required.has(name),
        ...(description === undefined ? {} : { description }),
        schema: rest,
      };
    },
  );
}

/**
 * The OpenAPI 3.1 document of the REST API, generated from the route definitions the
 * server runs: request schemas as zod reads input, response schemas as it writes output,
 * shared responses under `components.schemas`, the API key as the security scheme.
 */
export function openApiDocument(routes: readonly RestRoute[], serverUrl?: string): Record<string, unknown> {
  const schemas: Record<string, unknown> = { Error: ERROR };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    if (route.response === undefined) {
      responses[String(route.status)] = { description: 'Done.' };
    } else {
      schemas[route.response.name] = jsonSchema(route.response.schema, 'output');
      responses[String(route.status)] = {
        description: route.summary,
        ...(route.location
          ? {
              headers: {
                Location: {
                  description: 'Where the created resource is read (relative to the request URL)',
                  schema: { type: 'string' },
                },
              },
            }
          : {}),
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.response.name}` } } },
      };
    }
    const errors = {
      ...ERROR_RESPONSES,
      ...(route.params ? { '404': 'Not found.' } : {}),
      ...(route.method === 'patch' ? { '409': 'The task changed since that version.' } : {}),
      ...(route.body
        ? {
            '413': 'The body is larger than 1 MiB.',
            '415': 'The body is not sent as Content-Type: application/json.',
          }
        : {}),
      ...route.errors,
      '503': 'The database is unavailable; try again after Retry-After seconds.',
    };
    for (const [status, description] of Object.entries(errors)) {
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [route.path.split('/')[1]],
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...parameters(route.headers, 'header'),
      ],
      responses,
      'x-scopes': [route.scope],
    };
    if (route.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tasks API',
      version: '1.0.0',
      description: 'The REST API of the task tracker: tasks and projects of the workspace of your API key.',
    },
    ...(serverUrl === undefined ? {} : { servers: [{ url: serverUrl }] }),
    security: [{ ApiKey: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: API_KEY_HEADER } },
    },
  };
}
