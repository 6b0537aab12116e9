import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

type Block = Record<string, Record<string, Record<string, unknown>[]>>;

/** A Terraform module as Terraform reads it: every `.tf` file's blocks, merged. */
export interface TerraformModule {
  resource: Block;
  data: Block;
  ephemeral: Block;
  variable: Record<string, Record<string, unknown>[]>;
  output: Record<string, Record<string, unknown>[]>;
  locals: Record<string, unknown>[];
  terraform: Record<string, unknown>[];
}

/**
 * Neither Terraform nor OpenTofu can be installed here, so `terraform validate` does not
 * run: a module's `.tf` files are parsed with @cdktf/hcl2json (HCL to JSON, expressions as
 * `${…}` strings) and merged.
 */
export async function loadTerraformModule(dir: string): Promise<TerraformModule> {
  const tf: TerraformModule = {
    resource: {},
    data: {},
    ephemeral: {},
    variable: {},
    output: {},
    locals: [],
    terraform: [],
  };
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.tf'))) {
    const parsed = (await parse(file, readFileSync(join(dir, file), 'utf8'))) as Partial<TerraformModule>;
    for (const kind of ['resource', 'data', 'ephemeral'] as const) {
      for (const [type, blocks] of Object.entries(parsed[kind] ?? {})) {
        tf[kind][type] = { ...tf[kind][type], ...blocks };
      }
    }
    Object.assign(tf.variable, parsed.variable);
    Object.assign(tf.output, parsed.output);
    tf.locals.push(...(parsed.locals ?? []));
    tf.terraform.push(...(parsed.terraform ?? []));
  }
  return tf;
}

/** The module's `locals` blocks as one object. */
export function terraformLocals(tf: TerraformModule): Record<string, unknown> {
  return Object.assign({}, ...tf.locals) as Record<string, unknown>;
}

/**
 * What `terraform validate` would catch first: references to resources, data sources,
 * ephemeral resources, variables and locals the module does not declare. Returns the
 * missing ones and how many resource references were checked.
 */
export function undeclaredReferences(tf: TerraformModule): { missing: string[]; checked: number } {
  const text = JSON.stringify(tf);
  const locals = terraformLocals(tf);
  const missing = new Set<string>();
  let checked = 0;
  for (const [, kind, type, name] of text.matchAll(
    /\b(data\.|ephemeral\.)?(aws_[a-z0-9_]+|archive_file|random_password)\.([a-z0-9_]+)/g,
  )) {
    const block = kind === 'data.' ? tf.data : kind === 'ephemeral.' ? tf.ephemeral : tf.resource;
    checked += 1;
    if (!block[type!]?.[name!]) missing.add(`${kind ?? ''}${type}.${name}`);
  }
  for (const [, name] of text.matchAll(/\bvar\.([a-z0-9_]+)/g))
    if (!tf.variable[name!]) missing.add(`var.${name}`);
  for (const [, name] of text.matchAll(/\blocal\.([a-z0-9_]+)/g))
    if (!(name! in locals)) missing.add(`local.${name}`);
  return { missing: [...missing], checked };
}
