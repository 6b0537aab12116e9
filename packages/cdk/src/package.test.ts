import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};

/**
 * The aws-cdk-lib APIs the constructs use that older releases lack, with the release that
 * brought each: an app on an older aws-cdk-lib inside the peer range would fail to build
 * (the names do not exist) or synthesize nothing (`runtime: undefined`).
 */
const NEEDS = [
  {
    api: 'lambda.Runtime.NODEJS_24_X (McpFunction default runtime)',
    since: [2, 225, 0],
    present: () => lambda.Runtime.NODEJS_24_X,
  },
  {
    api: 'apigateway.ResponseTransferMode (McpRestApi streaming)',
    since: [2, 230, 0],
    present: () => apigateway.ResponseTransferMode,
  },
] as const;

const compare = (a: readonly number[], b: readonly number[]) =>
  a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;

describe('@lambda-mcp/cdk package.json', () => {
  it('asks for an aws-cdk-lib that has every API the constructs use', () => {
    const range = manifest.peerDependencies['aws-cdk-lib']!;
    const floor = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
    assert.ok(floor, `a caret range, got ${range}`);
    const lowest = floor.slice(1).map(Number);
    for (const need of NEEDS) {
      assert.ok(need.present(), `${need.api} exists in the installed aws-cdk-lib`);
      assert.ok(
        compare(lowest, need.since) >= 0,
        `aws-cdk-lib ${range} admits releases before ${need.since.join('.')}, which lack ${need.api}`,
      );
    }
  });
});
