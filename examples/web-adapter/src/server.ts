/**
 * The weather example's server, unchanged: this example is about the host (a plain HTTP
 * process behind AWS Lambda Web Adapter), not the tools.
 */
export { server } from '../../weather/src/server.ts';
