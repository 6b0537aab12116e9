export { type RunningServer, type ServeOptions, serve, toNodeListener } from './serve.ts';
