/** What a `lambda-mcp dev` server process tells its parent over IPC. */
export type DevChildMessage =
  | { type: 'ready'; url: string; port: number; name: string | undefined }
  | { type: 'failed'; message: string };
