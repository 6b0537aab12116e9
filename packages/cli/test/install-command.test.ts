import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installCommand, packageManager } from '../src/init/install-dependencies.ts';

test('on Windows the install runs through a shell as one command line; elsewhere the manager runs directly', () => {
  for (const manager of ['npm', 'pnpm', 'yarn', 'bun']) {
    assert.deepEqual(installCommand(manager, 'win32'), {
      command: `${manager} install`,
      args: [],
      shell: true,
    });
    assert.deepEqual(installCommand(manager, 'linux'), { command: manager, args: ['install'], shell: false });
    assert.deepEqual(installCommand(manager, 'darwin'), {
      command: manager,
      args: ['install'],
      shell: false,
    });
  }
});

test('the manager is one of four names, whatever the user agent says, so the shell line holds nothing else', () => {
  assert.equal(packageManager({ npm_config_user_agent: 'pnpm/9.1.0 npm/? node/v24.0.0 win32 x64' }), 'pnpm');
  assert.equal(packageManager({ npm_config_user_agent: 'evil & calc.exe/1.0' }), 'npm');
  assert.equal(packageManager({}), 'npm');
});
