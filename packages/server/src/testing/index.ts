export { createInProcessFetch, type InProcessFetch } from './in-process-fetch.ts';
export { startTestServer, type TestServer } from './test-server.ts';
