/**
 * The shipped tasks Lambda entry with its database opened during init: the connection (and
 * the migrations check) starts at module load, before the server module (zod, the tools,
 * the framework) is evaluated, so Postgres authenticates it while this process loads the
 * rest, and the first invocation awaits a connection that is already open or nearly so.
 */
import { lambdaDatabase } from '../../examples/tasks/src/lambda-database.ts';

// A failure here is retried, and answered, by the first invocation (a lifespan does not keep a failed creation).
lambdaDatabase.get().catch(() => {});
// One turn of the event loop: the driver loads and the socket connects and sends its startup
// message before the server module takes the thread.
await new Promise((resolve) => setImmediate(resolve));
export const { handler } = await import('../../examples/tasks/src/handler.ts');
