import { CfnOutput } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { invokeTarget, type McpFunctionLike } from './function-target.ts';
import { DEFAULT_MCP_PATH } from './mcp-routes.ts';

export interface McpFunctionUrlProps {
  function: McpFunctionLike;
  /**
   * `RESPONSE_STREAM` for a function built from `createStreamingHandler` (SSE as it is
   * written, up to 200 MB, the function's full timeout); default `BUFFERED` for `createHandler`.
   */
  invokeMode?: lambda.InvokeMode;
  /**
   * Default `NONE`, with auth in the function (`apiKeyAuth`, or `TASKS_API_KEYS=required`
   * in the task server): MCP clients cannot sign SigV4. `AWS_IAM` for callers that can.
   */
  authType?: lambda.FunctionUrlAuthType;
  cors?: lambda.FunctionUrlCorsOptions;
  /** Default `mcp`, for the URL output. */
  mcpPath?: string;
}

/** A Lambda Function URL for an MCP function: no gateway, no 29 s limit, streaming if wanted. */
export class McpFunctionUrl extends Construct {
  readonly url: lambda.FunctionUrl;
  readonly mcpUrl: string;

  constructor(scope: Construct, id: string, props: McpFunctionUrlProps) {
    super(scope, id);
    this.url = new lambda.FunctionUrl(this, 'Url', {
      function: invokeTarget(props.function),
      authType: props.authType ?? lambda.FunctionUrlAuthType.NONE,
      invokeMode: props.invokeMode ?? lambda.InvokeMode.BUFFERED,
      cors: props.cors,
    });
    // The URL ends with a slash.
    this.mcpUrl = `${this.url.url}${(props.mcpPath ?? DEFAULT_MCP_PATH).replace(/^\/+/, '')}`;
    new CfnOutput(this, 'McpEndpoint', { value: this.mcpUrl, description: 'The MCP endpoint' });
  }
}
