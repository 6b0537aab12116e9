/**
 * The TypeScript type that a JSON Schema written in place describes, so a tool declared with
 * a plain JSON Schema gets typed arguments (and a checked return for `output`) without a
 * schema library, and without that library's bundle and cold-start cost.
 *
 * It models what tool schemas use: `type` (one or a list), `properties` with `required`,
 * `additionalProperties`, `items`, `enum`, `const`, `anyOf` and `oneOf`. A keyword it does not
 * model narrows nothing: the type is then wider than the schema (`unknown` at worst), never
 * narrower than what validation lets through. A property outside `required` is optional: the
 * validator checks a `default` but does not fill it in.
 */
export type FromJsonSchema<S> = FromSchema<S, []>;

/** Nesting deeper than this is `unknown`, so a recursive or huge schema cannot stall the compiler. */
type MaxDepth = 10;

type FromSchema<S, Depth extends unknown[]> = Depth['length'] extends MaxDepth
  ? unknown
  : S extends true
    ? unknown
    : S extends false
      ? never
      : S extends { const: infer C }
        ? C
        : S extends { enum: readonly (infer E)[] }
          ? E
          : S extends { anyOf: readonly unknown[] }
            ? FromEach<S['anyOf'], Depth>
            : S extends { oneOf: readonly unknown[] }
              ? FromEach<S['oneOf'], Depth>
              : S extends { type: infer T }
                ? ByType<S, T extends readonly unknown[] ? T[number] : T, [...Depth, 0]>
                : S extends { properties: object }
                  ? FromObject<S, [...Depth, 0]>
                  : unknown;

type FromEach<L extends readonly unknown[], Depth extends unknown[]> = {
  [I in keyof L]: FromSchema<L[I], [...Depth, 0]>;
}[number];

/** Distributes over a list of types (`['string', 'null']` is `string | null`). */
type ByType<S, T, Depth extends unknown[]> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? FromArray<S, Depth>
          : T extends 'object'
            ? FromObject<S, Depth>
            : unknown;

type FromArray<S, Depth extends unknown[]> = S extends { items: infer I }
  ? I extends readonly unknown[]
    ? unknown[]
    : FromSchema<I, Depth>[]
  : unknown[];

type RequiredKeys<S> = S extends { required: readonly (infer R)[] } ? R : never;

type FromObject<S, Depth extends unknown[]> = S extends { properties: infer P }
  ? Flatten<
      {
        -readonly [K in keyof P as K extends RequiredKeys<S> ? K : never]: FromSchema<P[K], Depth>;
      } & {
        -readonly [K in keyof P as K extends RequiredKeys<S> ? never : K]?: FromSchema<P[K], Depth>;
      }
    >
  : S extends { additionalProperties: infer A }
    ? A extends false
      ? Record<string, never>
      : Record<string, FromSchema<A, Depth>>
    : Record<string, unknown>;

/** One object type instead of an intersection, so editors show `{ city: string; units?: ... }`. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};
