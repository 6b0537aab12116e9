import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

// Runs in a fresh process: imports the bundle, calls `handler(event, context)` once and
// prints the result as JSON. The context mirrors the fields Lambda's Node runtime passes.
const DRIVER = `
const input = JSON.parse(await new Response(process.stdin).text());
const { handler } = await import(input.file);
const deadline = Date.now() + 30000;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'lambda-mcp-bundle-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:lambda-mcp-bundle-test',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/lambda-mcp-bundle-test',
  logStreamName: '2026/11/21/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
const result = JSON.stringify(await handler(input.event, context));
// fd 3, not stdout: the handler's own log lines go to stdout.
(await import('node:fs')).writeSync(3, result);
// An open database pool would keep the process alive after the answer; Lambda would freeze it.
process.exit(0);
`;

/**
 * Imports a bundled `index.mjs` in a fresh Node process started in the bundle's own
 * directory (so nothing resolves from the repo's node_modules) and invokes its handler.
 */
export function invokeBundleInFreshProcess(
  file: string,
  event: unknown,
  env: Record<string, string> = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', DRIVER], {
      cwd: dirname(file),
      env: { PATH: process.env.PATH ?? '', AWS_LAMBDA_FUNCTION_NAME: 'lambda-mcp-bundle-test', ...env },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    let stderr = '';
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bundle process exited with ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(output));
      } catch {
        reject(new Error(`bundle process wrote no JSON result: ${stdout} ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify({ file, event }));
  });
}
