/**
 * The shipped tasks Lambda entry with its database connection started during init but not
 * awaited: no top-level `await`, so it can be built with `lambda-mcp build --code-cache`
 * (a CommonJS bundle), which `connect-at-init-handler.ts` cannot. The connection's first
 * steps run once the module has been evaluated, while the runtime fetches the first event;
 * that invocation awaits a connection already under way.
 */
import { lambdaDatabase } from '../../examples/tasks/src/lambda-database.ts';

export { handler } from '../../examples/tasks/src/handler.ts';

// A failure here is retried, and answered, by the first invocation (a lifespan does not keep a failed creation).
if (process.env.DATABASE_URL) lambdaDatabase.get().catch(() => {});
