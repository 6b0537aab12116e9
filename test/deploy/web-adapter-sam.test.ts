/**
 * examples/web-adapter/template.yaml: parsed with CloudFormation's short-form tags (SAM CLI
 * is not installed here, so the transform does not run) and its plain CloudFormation
 * resources validated against their schemas by @aws/cloudformation-validate.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCloudFormationYaml } from './cloudformation-yaml.ts';
import { schemaProblems } from './schema-problems.ts';

const FILE = join(import.meta.dirname, '..', '..', 'examples', 'web-adapter', 'template.yaml');
const text = readFileSync(FILE, 'utf8');
const { Resources } = parseCloudFormationYaml(text);
const FUNCTION = 'WeatherMcpFunction';

describe('the SAM template of the Lambda Web Adapter example', () => {
  it('has a public streaming Function URL on the function', () => {
    assert.deepEqual(Resources[FUNCTION]!.Properties.FunctionUrlConfig, {
      AuthType: 'NONE',
      InvokeMode: 'RESPONSE_STREAM',
    });
  });

  it('allows InvokeFunction through the URL, which a public Function URL made since October 2025 needs beside InvokeFunctionUrl', () => {
    // FunctionUrlConfig adds only the InvokeFunctionUrl statement: without this one every
    // request through the URL is answered 403 Forbidden.
    const permissions = Object.values(Resources).filter((r) => r.Type === 'AWS::Lambda::Permission');
    assert.deepEqual(
      permissions.map((p) => p.Properties),
      [
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { Ref: FUNCTION },
          Principal: '*',
          InvokedViaFunctionUrl: true,
        },
      ],
    );
  });

  it('writes its logs to a log group of its own with a retention (Lambda would make one kept forever)', () => {
    const { LoggingConfig } = Resources[FUNCTION]!.Properties as { LoggingConfig?: Record<string, unknown> };
    assert.ok(LoggingConfig, 'the function names its log group');
    const logGroup = Resources[(LoggingConfig.LogGroup as { Ref: string }).Ref];
    assert.deepEqual(logGroup, { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
  });

  it('has no schema problems in its plain CloudFormation resources', () => {
    assert.deepEqual(schemaProblems(text, 'template.yaml'), []);
  });
});
