import type * as z from 'zod';
import type { Queryable } from '../db/driver.ts';

/** What a route handler gets: validated input, the open transaction and the caller's workspace. */
export interface RouteContext {
  db: Queryable;
  tenant: string;
}

/** A response schema, named so the OpenAPI document can share it under `components.schemas`. */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

/**
 * One endpoint of the REST API, defined once: the server validates and routes with it, and
 * the OpenAPI document is generated from it (`openApiDocument`), so the two cannot drift.
 */
export interface RestRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. `/tasks/{task_id}`. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  /** The API key scope it needs. */
  scope: 'tasks:read' | 'tasks:write';
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads, by lower-case name; other headers are not its input. */
  headers?: z.ZodObject;
  body?: z.ZodObject;
  /** The success status; 204 answers without a body. */
  status: 200 | 201 | 204;
  response?: NamedSchema;
  /** Refusals of its own beyond the ones every route has (status → description), for the document. */
  errors?: Record<string, string>;
  handle(
    input: { params: unknown; query: unknown; headers: unknown; body: unknown },
    ctx: RouteContext,
  ): Promise<unknown>;
  /** The `Location` of a 201: where the created resource is read, relative to the request's URL. */
  location?(result: unknown): string;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A route whose handler sees its params, query, headers and body as its own schemas parse them. */
export interface RouteDefinition<P, Q, H, B, R>
  extends Omit<RestRoute, 'params' | 'query' | 'headers' | 'body' | 'handle' | 'location'> {
  params?: P;
  query?: Q;
  headers?: H;
  body?: B;
  handle(
    input: { params: Parsed<P>; query: Parsed<Q>; headers: Parsed<H>; body: Parsed<B> },
    ctx: RouteContext,
  ): Promise<R>;
  location?(result: R): string;
}

/** Types a route's handler from its schemas; the server parses with the same schemas before calling it. */
export function defineRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  H extends z.ZodObject | undefined = undefined,
  B extends z.ZodObject | undefined = undefined,
  R = unknown,
>(definition: RouteDefinition<P, Q, H, B, R>): RestRoute {
  return definition as unknown as RestRoute;
}

/** An answer other than success: its status and the message the client (or a model) reads. */
export class RestError extends Error {
  readonly status: number;
  readonly code: string;
  /** Answer with `Connection: close`: the rest of the request cannot be read (an oversized body). */
  readonly closeConnection: boolean;

  constructor(status: number, code: string, message: string, options?: { closeConnection?: boolean }) {
    super(message);
    this.name = 'RestError';
    this.status = status;
    this.code = code;
    this.closeConnection = options?.closeConnection ?? false;
  }
}
