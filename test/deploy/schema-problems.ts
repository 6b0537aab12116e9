import { createRequire } from 'node:module';

interface Diagnostic {
  severity: string;
  message: string;
}
interface SchemaValidatorModule {
  SchemaValidator: new () => { validate(template: unknown, region: string): Diagnostic[]; free(): void };
  TemplateContent: new (content: string, name?: string) => unknown;
}

/**
 * Schema problems (above INFO) that @aws/cloudformation-validate, the offline validator
 * inside aws-cdk-lib, finds in a template's resources. It has no schema for
 * `AWS::Serverless::*`, so diagnostics about those are left out.
 */
export function schemaProblems(text: string, name: string): string[] {
  const cdkRequire = createRequire(createRequire(import.meta.url).resolve('aws-cdk-lib'));
  const { SchemaValidator, TemplateContent } = cdkRequire(
    '@aws/cloudformation-validate',
  ) as SchemaValidatorModule;
  const validator = new SchemaValidator();
  try {
    return validator
      .validate(new TemplateContent(text, name), 'eu-west-1')
      .filter((d) => d.severity !== 'INFO' && !JSON.stringify(d).includes('AWS::Serverless'))
      .map((d) => `${d.severity}: ${d.message}`);
  } finally {
    validator.free();
  }
}
