import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolError } from 'lambda-mcp';
import { parseId } from './parse-id.ts';

describe('parseId', () => {
  it('reads canonical ids up to 2^53 - 1 exactly', () => {
    assert.equal(parseId('1', 'task'), 1);
    assert.equal(parseId('1234567890123456', 'task'), 1_234_567_890_123_456);
    assert.equal(parseId('9007199254740991', 'project'), 9_007_199_254_740_991);
  });

  it('refuses what Number() would accept or round, printing the id as sent', () => {
    for (const raw of [
      '0',
      '007',
      ' 7',
      '7 ',
      '+7',
      '-7',
      '7.0',
      '1e3',
      '0x10',
      'abc',
      '',
      '9007199254740992',
      '99999999999999999999',
      '1\u0000',
    ]) {
      assert.throws(
        () => parseId(raw, 'project', 'project_id'),
        (error: unknown) =>
          error instanceof ToolError &&
          error.code === 'VALIDATION_ERROR' &&
          error.message ===
            `project_id: ${JSON.stringify(raw)} is not a project id: ids are whole numbers from 1 to 9007199254740991. Call list_projects to see valid ids.`,
        raw,
      );
    }
  });

  it('cuts a long id short in the message and names the field only when given', () => {
    assert.throws(
      () => parseId('x'.repeat(100), 'task'),
      (error: unknown) =>
        error instanceof ToolError &&
        error.message ===
          `"${'x'.repeat(40)}…" is not a task id: ids are whole numbers from 1 to 9007199254740991. Call list_tasks to see valid ids.`,
    );
  });
});
