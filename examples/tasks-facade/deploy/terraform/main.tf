# The tasks façade (an MCP server generated from the tasks REST API's OpenAPI document) on
# API Gateway (REST) behind the tasks API key REQUEST authorizer: the same functions, routes
# and auth as deploy/sam, deploy/serverless and infra/ (CDK). A REST API, not the HTTP API
# examples/tasks/deploy/terraform uses: only a REST API can answer a request without a key
# with the WWW-Authenticate challenge MCP clients read.

locals {
  bundles_dir = coalesce(var.bundles_dir, "${path.module}/../../dist")
  # Every method on the MCP route reaches the function (its 405 for GET/DELETE);
  # preflight, the Server Card, health and discovery are public by design.
  routes = {
    "ANY /mcp"                  = true
    "OPTIONS /mcp"              = false
    "GET /mcp/server-card"      = false
    "GET /health"               = false
    "GET /.well-known/{proxy+}" = false
  }
  # The REST API resource of each route's path.
  resource_ids = {
    "/mcp"                  = aws_api_gateway_resource.mcp.id
    "/mcp/server-card"      = aws_api_gateway_resource.server_card.id
    "/health"               = aws_api_gateway_resource.health.id
    "/.well-known/{proxy+}" = aws_api_gateway_resource.well_known_proxy.id
  }
  common_environment = {
    NODE_OPTIONS                 = "--enable-source-maps"
    POWERTOOLS_METRICS_NAMESPACE = "lambda-mcp"
  }
}

data "archive_file" "facade" {
  type        = "zip"
  source_dir  = "${local.bundles_dir}/facade"
  output_path = "${path.module}/.build/facade.zip"
}

data "archive_file" "authorizer" {
  type        = "zip"
  source_dir  = "${local.bundles_dir}/authorizer"
  output_path = "${path.module}/.build/authorizer.zip"
}

# The MRTR requestState signing key every lambda-mcp function gets (as McpFunction does in
# infra/): read on first use only, when a tool asks the caller for input, which the
# generated tools never do. Ephemeral and write-only: never in the plan or state.
ephemeral "random_password" "state" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "state" {
  name_prefix = "${var.name}-state-"
  description = "lambda-mcp requestState signing key (MRTR); rotate with put-secret-value"
}

resource "aws_secretsmanager_secret_version" "state" {
  secret_id                = aws_secretsmanager_secret.state.id
  secret_string_wo         = ephemeral.random_password.state.result
  secret_string_wo_version = 1
}

resource "aws_cloudwatch_log_group" "facade" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "authorizer" {
  name              = "/aws/lambda/${var.name}-authorizer"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "facade" {
  name_prefix        = "${var.name}-"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role" "authorizer" {
  name_prefix        = "${var.name}-authorizer-"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

# Each function writes its own log group and reads only its secret: no "*" resource, and
# the database secret for the authorizer alone (the façade reaches data through the API).
data "aws_iam_policy_document" "facade" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.facade.arn}:*"]
  }
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.state.arn]
  }
}

data "aws_iam_policy_document" "authorizer" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.authorizer.arn}:*"]
  }
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database_secret_arn]
  }
}

resource "aws_iam_role_policy" "facade" {
  role   = aws_iam_role.facade.id
  policy = data.aws_iam_policy_document.facade.json
}

resource "aws_iam_role_policy" "authorizer" {
  role   = aws_iam_role.authorizer.id
  policy = data.aws_iam_policy_document.authorizer.json
}

resource "aws_lambda_function" "facade" {
  function_name    = var.name
  role             = aws_iam_role.facade.arn
  filename         = data.archive_file.facade.output_path
  source_code_hash = data.archive_file.facade.output_base64sha256
  handler          = "index.handler"
  runtime          = "nodejs24.x"
  architectures    = ["arm64"]
  memory_size      = 1024
  # API Gateway ends a buffered integration at 29 s.
  timeout = 29
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.facade.name
  }
  environment {
    # Every tool call goes to TASKS_API_URL with the caller's x-api-key: the REST API decides
    # tenant and scopes. No database credential.
    variables = merge(local.common_environment, {
      POWERTOOLS_SERVICE_NAME     = "tasks-facade"
      TASKS_API_URL               = var.tasks_api_url
      LAMBDA_MCP_STATE_SECRET_ARN = aws_secretsmanager_secret.state.arn
    })
  }
  depends_on = [aws_iam_role_policy.facade]
}

# examples/tasks/src/authorizer.ts: the same key store as the task server and its REST API.
resource "aws_lambda_function" "authorizer" {
  function_name    = "${var.name}-authorizer"
  role             = aws_iam_role.authorizer.arn
  filename         = data.archive_file.authorizer.output_path
  source_code_hash = data.archive_file.authorizer.output_base64sha256
  handler          = "index.handler"
  runtime          = "nodejs24.x"
  architectures    = ["arm64"]
  memory_size      = 512
  timeout          = 10
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.authorizer.name
  }
  environment {
    variables = merge(local.common_environment, {
      POWERTOOLS_SERVICE_NAME = "tasks-facade-authorizer"
      DATABASE_SECRET_ARN     = var.database_secret_arn
    })
  }
  depends_on = [aws_iam_role_policy.authorizer]
}

resource "aws_api_gateway_rest_api" "mcp" {
  name        = var.name
  description = "MCP server (lambda-mcp)"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "mcp" {
  rest_api_id = aws_api_gateway_rest_api.mcp.id
  parent_id   = aws_api_gateway_rest_api.mcp.root_resource_id
  path_part   = "mcp"
}

resource "aws_api_gateway_resource" "server_card" {
  rest_api_id = aws_api_gateway_rest_api.mcp.id
  parent_id   = aws_api_gateway_resource.mcp.id
  path_part   = "server-card"
}

resource "aws_api_gateway_resource" "health" {
  rest_api_id = aws_api_gateway_rest_api.mcp.id
  parent_id   = aws_api_gateway_rest_api.mcp.root_resource_id
  path_part   = "health"
}

resource "aws_api_gateway_resource" "well_known" {
  rest_api_id = aws_api_gateway_rest_api.mcp.id
  parent_id   = aws_api_gateway_rest_api.mcp.root_resource_id
  path_part   = ".well-known"
}

resource "aws_api_gateway_resource" "well_known_proxy" {
  rest_api_id = aws_api_gateway_rest_api.mcp.id
  parent_id   = aws_api_gateway_resource.well_known.id
  path_part   = "{proxy+}"
}

# A request without x-api-key is answered 401 by API Gateway itself (the identity source is
# missing: the authorizer is not invoked).
resource "aws_api_gateway_authorizer" "api_key" {
  name            = "api-key"
  rest_api_id     = aws_api_gateway_rest_api.mcp.id
  type            = "REQUEST"
  authorizer_uri  = aws_lambda_function.authorizer.invoke_arn
  identity_source = "method.request.header.x-api-key"
  # No caching: a revoked key stops on its next request.
  authorizer_result_ttl_in_seconds = 0
}

resource "aws_api_gateway_method" "route" {
  for_each      = local.routes
  rest_api_id   = aws_api_gateway_rest_api.mcp.id
  resource_id   = local.resource_ids[split(" ", each.key)[1]]
  http_method   = split(" ", each.key)[0]
  authorization = each.value ? "CUSTOM" : "NONE"
  authorizer_id = each.value ? aws_api_gateway_authorizer.api_key.id : null
}

resource "aws_api_gateway_integration" "route" {
  for_each                = aws_api_gateway_method.route
  rest_api_id             = aws_api_gateway_rest_api.mcp.id
  resource_id             = each.value.resource_id
  http_method             = each.value.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.facade.invoke_arn
  timeout_milliseconds    = 29000
}

# API Gateway answers some requests itself, and renames a proxied function's own
# WWW-Authenticate (x-amzn-Remapped-WWW-Authenticate): the challenge and JSON-RPC bodies
# MCP clients read are set here.
resource "aws_api_gateway_gateway_response" "unauthorized" {
  rest_api_id   = aws_api_gateway_rest_api.mcp.id
  response_type = "UNAUTHORIZED"
  status_code   = "401"
  response_parameters = {
    "gatewayresponse.header.WWW-Authenticate" = "'ApiKey header=\"x-api-key\"'"
  }
  response_templates = {
    "application/json" = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Unauthorized: send an API key\"}}"
  }
}

# The authorizer's Deny: an unknown, revoked or expired key.
resource "aws_api_gateway_gateway_response" "access_denied" {
  rest_api_id   = aws_api_gateway_rest_api.mcp.id
  response_type = "ACCESS_DENIED"
  status_code   = "403"
  response_templates = {
    "application/json" = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32003,\"message\":\"Forbidden: the API key is unknown, revoked or expired\"}}"
  }
}

# A path with no route: API Gateway's "Missing Authentication Token" 403 is a 404.
resource "aws_api_gateway_gateway_response" "not_found" {
  rest_api_id   = aws_api_gateway_rest_api.mcp.id
  response_type = "MISSING_AUTHENTICATION_TOKEN"
  status_code   = "404"
  response_templates = {
    "application/json" = "{\"message\":\"Not found\"}"
  }
}

# The authorizer threw (its key store failed) or timed out: a retryable 503 with a JSON-RPC
# body, as the function answers a failing key store, not API Gateway's 500 {"message":null}.
resource "aws_api_gateway_gateway_response" "authorizer_error" {
  for_each      = toset(["AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE"])
  rest_api_id   = aws_api_gateway_rest_api.mcp.id
  response_type = each.value
  status_code   = "503"
  response_parameters = {
    "gatewayresponse.header.Retry-After" = "'5'"
  }
  response_templates = {
    "application/json" = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"The API key check could not be completed; try again shortly\"}}"
  }
}

# A deployment is a snapshot of the API: a new one whenever a route, its integration, the
# authorizer or a gateway response changes, created before the old one goes.
resource "aws_api_gateway_deployment" "mcp" {
  rest_api_id = aws_api_gateway_rest_api.mcp.id
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_method.route,
      aws_api_gateway_integration.route,
      aws_api_gateway_authorizer.api_key,
      aws_api_gateway_gateway_response.unauthorized,
      aws_api_gateway_gateway_response.access_denied,
      aws_api_gateway_gateway_response.not_found,
      aws_api_gateway_gateway_response.authorizer_error,
    ]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

# The public endpoint is …/v1/mcp: the seed's layout.
resource "aws_api_gateway_stage" "v1" {
  rest_api_id   = aws_api_gateway_rest_api.mcp.id
  deployment_id = aws_api_gateway_deployment.mcp.id
  stage_name    = "v1"
}

resource "aws_api_gateway_method_settings" "throttle" {
  rest_api_id = aws_api_gateway_rest_api.mcp.id
  stage_name  = aws_api_gateway_stage.v1.stage_name
  method_path = "*/*"
  settings {
    throttling_burst_limit = var.throttle.burst_limit
    throttling_rate_limit  = var.throttle.rate_limit
  }
}

resource "aws_lambda_permission" "facade_from_api" {
  statement_id  = "api-gateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.facade.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.mcp.execution_arn}/*/*"
}

resource "aws_lambda_permission" "authorizer_from_api" {
  statement_id  = "api-gateway-authorizer"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.authorizer.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.mcp.execution_arn}/authorizers/${aws_api_gateway_authorizer.api_key.id}"
}
