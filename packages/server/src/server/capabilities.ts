import type { PromptDefinition } from './prompt.ts';
import type { StaticResource, TemplateResource } from './resource.ts';
import type { ToolDefinition } from './tool.ts';

/**
 * What the server advertises, derived from what was registered. `listChanged` is false:
 * the definition is fixed per deployment, so there is nothing to notify.
 */
export function deriveCapabilities(parts: {
  tools: ReadonlyMap<string, ToolDefinition>;
  resources: ReadonlyMap<string, StaticResource>;
  templates: readonly TemplateResource[];
  prompts: ReadonlyMap<string, PromptDefinition>;
}): Record<string, Record<string, unknown>> {
  const capabilities: Record<string, Record<string, unknown>> = { logging: {} };
  if (parts.tools.size > 0) capabilities.tools = { listChanged: false };
  if (parts.resources.size > 0 || parts.templates.length > 0) {
    capabilities.resources = { listChanged: false, subscribe: false };
  }
  if (parts.prompts.size > 0) capabilities.prompts = { listChanged: false };
  const completes =
    parts.templates.some((t) => Object.keys(t.options.complete ?? {}).length > 0) ||
    [...parts.prompts.values()].some((p) => Object.keys(p.complete).length > 0);
  if (completes) capabilities.completions = {};
  return capabilities;
}
