/**
 * REQUEST authorizer inputs as the AWS documentation shows them ("Input to an API Gateway
 * Lambda authorizer", REST; "Working with AWS Lambda authorizers for HTTP APIs", payload
 * 2.0), for an MCP POST, with the caller's headers added.
 */
export function restAuthorizerEvent(headers: Record<string, string>) {
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/prod/POST/mcp',
    resource: '/mcp',
    path: '/mcp',
    httpMethod: 'POST',
    headers: { 'X-AMZ-Date': '20170718T062915Z', Accept: '*/*', ...headers },
    queryStringParameters: {},
    pathParameters: {},
    stageVariables: {},
    requestContext: {
      path: '/prod/mcp',
      accountId: '123456789012',
      resourceId: '05c7jb',
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: { apiKey: '', sourceIp: '192.0.2.1' },
      resourcePath: '/mcp',
      httpMethod: 'POST',
      apiId: 'abcdef123',
    },
  };
}

export function httpApiAuthorizerEvent(headers: Record<string, string>) {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/POST/mcp',
    identitySource: Object.values(headers),
    routeKey: '$default',
    rawPath: '/mcp',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef123',
      domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abcdef123',
      http: { method: 'POST', path: '/mcp', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
  };
}
