import type { McpServer } from 'lambda-mcp';

/**
 * A plain JSON Schema input, advertised exactly as written: the 2020-12 keywords
 * ($schema, $defs, $anchor, allOf/anyOf, if/then/else, additionalProperties) must survive.
 */
const CONTACT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      $anchor: 'addressDef',
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema 2020-12 keyword here, never awaited.
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

/** `x-mcp-header` mirrors an argument into an `Mcp-Param-*` header that gateways can route on. */
const REGION_SCHEMA = {
  type: 'object',
  properties: {
    region: { type: 'string', description: 'Cloud region, e.g. us-west1', 'x-mcp-header': 'Region' },
    query: { type: 'string', description: 'What to look up in that region' },
  },
  required: ['region'],
};

export function registerSchemaTools(server: McpServer): void {
  server
    .tool(
      'json_schema_2020_12_tool',
      { description: 'Records a contact; needs a phone or an email.', input: CONTACT_SCHEMA },
      (input) => `JSON Schema 2020-12 tool called with: ${JSON.stringify(input)}`,
    )
    .tool(
      'test_region_lookup',
      {
        description: 'Looks something up in one region; the region travels in the Mcp-Param-Region header.',
        input: REGION_SCHEMA,
      },
      (input) => `Looked up ${String(input.query ?? 'everything')} in ${String(input.region)}.`,
    );
}
