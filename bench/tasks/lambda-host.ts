/**
 * The tasks Lambda entry (`examples/tasks/src/handler.ts`, as deployed) behind a loopback
 * HTTP front that turns each request into an HTTP API (payload 2.0) event. Configured by
 * the environment like the real function: DATABASE_URL (else PGlite in TASKS_DATA_DIR),
 * DB_POOL_SIZE. Prints the marked endpoint URL, then serves until SIGTERM.
 */
import { serveLambdaHandler } from 'lambda-mcp/testing/servers';
import { handler } from '../../examples/tasks/src/handler.ts';
import { announce } from './host-ready.ts';

const running = await serveLambdaHandler(handler);
announce(running.url, () => running.close());
