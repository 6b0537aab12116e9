import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { SqlDriver } from '../src/db/driver.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { apiKeyTests } from './api-keys.ts';
import { concurrencyTests } from './concurrency.ts';
import { refusedInputTests } from './refused-input.ts';
import { resourceAndPromptTests } from './resources-and-prompts.ts';
import { standupHistoryTests } from './standup-history.ts';
import { startTasksHarness, type TasksHarness } from './tasks-client.ts';
import { tenancyTests } from './tenancy.ts';
import { toolSurfaceTests } from './tool-surface.ts';

describe('tasks server on PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasks-pglite-'));
  let driver: SqlDriver;
  let harness: TasksHarness;
  before(async () => {
    driver = await openDatabase({ dataDir });
    harness = await startTasksHarness(driver);
  });
  after(async () => {
    await harness?.close();
    await driver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  toolSurfaceTests(() => harness);
  resourceAndPromptTests(() => harness);
  standupHistoryTests(
    () => harness,
    () => driver,
  );
  concurrencyTests(() => harness);
  tenancyTests(() => harness);
  apiKeyTests(() => driver);
  refusedInputTests(
    () => harness,
    () => driver,
  );
});
