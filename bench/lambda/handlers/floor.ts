/** The Lambda floor: the hand-written JSON-RPC answer straight from the event, no web Request/Response. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { answer } from '../../servers/floor.ts';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: answer(body ?? '') };
}
