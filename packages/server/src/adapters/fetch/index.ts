export { type FetchHandler, toFetchHandler } from './to-fetch-handler.ts';
