import { join } from 'node:path';

/** The project templates `lambda-mcp init --template` offers, in the order its help lists them. */
export const TEMPLATES = {
  weather: 'one read-only tool over a table of cities: the smallest server',
  tasks: 'a to-do list in DynamoDB (memory locally), API keys per tenant',
  openapi: "a tool per operation of your REST API's OpenAPI document (--spec)",
} as const;

export type TemplateName = keyof typeof TEMPLATES;

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

/** packages/cli/templates/<name>: two levels above this file both in src/init and in dist/init. */
export function templateDir(name: TemplateName): string {
  return join(import.meta.dirname, '..', '..', 'templates', name);
}
