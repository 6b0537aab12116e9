/**
 * The `lambda-mcp init` templates' Terraform modules ask for an AWS provider that has every
 * argument they use: `terraform init` with a lock file (or a parent module) holding an older
 * 6.x would install it, and `terraform validate` would then refuse the module
 * ("Unsupported argument"). Parsed with @cdktf/hcl2json.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadTerraformModule } from './terraform-module.ts';

const TEMPLATES = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'templates');

/** Arguments of hashicorp/aws newer than 6.0, with the release that brought each (its CHANGELOG). */
const SINCE: Record<string, { resource: string; version: [number, number] }> = {
  // 6.28.0 (January 7, 2026): "resource/aws_lambda_permission: Add `invoked_via_function_url` argument".
  invoked_via_function_url: { resource: 'aws_lambda_permission', version: [6, 28] },
};

/** The lowest release `>= X.Y` (or `>= X.Y.Z`) admits. */
function floorOf(constraint: string): [number, number] {
  const match = /^>=\s*(\d+)\.(\d+)(?:\.\d+)?$/.exec(constraint.trim());
  assert.ok(match, `a ">= X.Y" constraint, got ${constraint}`);
  return [Number(match[1]), Number(match[2])];
}

describe('the init templates ask for the AWS provider their arguments need', () => {
  for (const name of readdirSync(TEMPLATES)) {
    it(`${name}/terraform`, async () => {
      const tf = await loadTerraformModule(join(TEMPLATES, name, 'terraform'));
      const providers = Object.assign(
        {},
        ...tf.terraform.flatMap((t) => t.required_providers as object[]),
      ) as {
        aws: { version: string };
      };
      const [major, minor] = floorOf(providers.aws.version);
      for (const [argument, { resource, version }] of Object.entries(SINCE)) {
        const used = Object.values(tf.resource[resource] ?? {}).some((blocks) =>
          blocks.some((block) => argument in block),
        );
        if (!used) continue;
        assert.ok(
          major > version[0] || (major === version[0] && minor >= version[1]),
          `${resource}.${argument} needs hashicorp/aws ${version.join('.')} or later; the module admits ${providers.aws.version}`,
        );
      }
    });
  }
});
