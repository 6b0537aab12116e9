/**
 * The `lambda-mcp init --template tasks` Terraform module keeps its data as the template's
 * other deploy files do: SAM (`DeletionPolicy: Retain`) and CDK (`RemovalPolicy.RETAIN`) never
 * delete the task and API key tables with the stack. Parsed with @cdktf/hcl2json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCloudFormationYaml } from './cloudformation-yaml.ts';
import { loadTerraformModule } from './terraform-module.ts';

const TEMPLATE = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'templates', 'tasks');

describe('the tasks init template: its tables outlive the deployment', () => {
  it('the SAM template retains both tables', () => {
    const { Resources } = parseCloudFormationYaml(readFileSync(join(TEMPLATE, 'template.yaml'), 'utf8'));
    const tables = Object.entries(Resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table');
    assert.deepEqual(
      tables.map(([id, r]) => [id, (r as { DeletionPolicy?: string }).DeletionPolicy]),
      [
        ['TasksTable', 'Retain'],
        ['ApiKeysTable', 'Retain'],
      ],
    );
  });

  it('terraform/ turns on deletion protection, so destroy or a replacement (a new var.name) cannot drop them', async () => {
    const tf = await loadTerraformModule(join(TEMPLATE, 'terraform'));
    const tables = tf.resource.aws_dynamodb_table ?? {};
    assert.deepEqual(Object.keys(tables).sort(), ['api_keys', 'tasks']);
    for (const [name, [table]] of Object.entries(tables)) {
      assert.equal(table!.deletion_protection_enabled, true, `aws_dynamodb_table.${name}`);
    }
  });
});
