import { parse, type Tags } from 'yaml';

/** A `!Tag value` scalar -> its long form, e.g. `!Ref X` -> `{ Ref: 'X' }`. */
const scalar = (tag: string, resolve: (value: string) => unknown) => ({ tag: `!${tag}`, resolve });
/** A `!Tag [a, b]` sequence -> its long form. */
const sequence = (tag: string, fn: string) => ({
  tag: `!${tag}`,
  collection: 'seq' as const,
  resolve: (value: { toJSON(): unknown }) => ({ [`Fn::${fn}`]: value.toJSON() }),
});

/** CloudFormation's short-form intrinsic functions, as `yaml` custom tags. */
const CLOUDFORMATION_TAGS: Tags = [
  scalar('Ref', (value) => ({ Ref: value })),
  scalar('Sub', (value) => ({ 'Fn::Sub': value })),
  sequence('Sub', 'Sub'),
  scalar('GetAtt', (value) => ({ 'Fn::GetAtt': value.split('.', 2) })),
  sequence('GetAtt', 'GetAtt'),
  scalar('ImportValue', (value) => ({ 'Fn::ImportValue': value })),
  scalar('Base64', (value) => ({ 'Fn::Base64': value })),
  ...['Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'Cidr', 'GetAZs'].map(
    (fn) => sequence(fn, fn),
  ),
] as Tags;

/** A CloudFormation or SAM template in YAML, short-form tags expanded. */
export function parseCloudFormationYaml(text: string): {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  [key: string]: unknown;
} {
  return parse(text, { customTags: CLOUDFORMATION_TAGS }) as ReturnType<typeof parseCloudFormationYaml>;
}
