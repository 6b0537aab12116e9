# The task MCP server on an API Gateway HTTP API behind the shared API key REQUEST
# authorizer: the same function, routes and auth as deploy/sam, deploy/serverless and
# infra/ (CDK). HTTP APIs cannot customise their 401: a request without the key gets
# {"message":"Unauthorized"} without WWW-Authenticate (the REST templates set it).

locals {
  bundles_dir = coalesce(var.bundles_dir, "${path.module}/../../dist")
  # Every method on the MCP route reaches the function (its 405 for GET/DELETE);
  # preflight, the Server Card, health and discovery are public by design.
  routes = {
    "ANY /mcp"                = true
    "OPTIONS /mcp"            = false
    "GET /mcp/server-card"    = false
    "GET /health"             = false
    "GET /.well-known/{proxy+}" = false
  }
  common_environment = {
    NODE_OPTIONS                 = "--enable-source-maps"
    POWERTOOLS_METRICS_NAMESPACE = "lambda-mcp"
    DATABASE_SECRET_ARN          = var.database_secret_arn
  }
}

data "archive_file" "server" {
  type        = "zip"
  source_dir  = "${local.bundles_dir}/server"
  output_path = "${path.module}/.build/server.zip"
}

data "archive_file" "authorizer" {
  type        = "zip"
  source_dir  = "${local.bundles_dir}/authorizer"
  output_path = "${path.module}/.build/authorizer.zip"
}

# The MRTR requestState signing key. Ephemeral and write-only: never in the plan or state.
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

resource "aws_cloudwatch_log_group" "server" {
  name              = "/aws/lambda/${var.name}-server"
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

resource "aws_iam_role" "server" {
  name_prefix        = "${var.name}-server-"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role" "authorizer" {
  name_prefix        = "${var.name}-authorizer-"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

# Each function writes its own log group and reads only its secrets: no "*" resource.
data "aws_iam_policy_document" "server" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.server.arn}:*"]
  }
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database_secret_arn, aws_secretsmanager_secret.state.arn]
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

resource "aws_iam_role_policy" "server" {
  role   = aws_iam_role.server.id
  policy = data.aws_iam_policy_document.server.json
}

resource "aws_iam_role_policy" "authorizer" {
  role   = aws_iam_role.authorizer.id
  policy = data.aws_iam_policy_document.authorizer.json
}

resource "aws_lambda_function" "server" {
  function_name    = "${var.name}-server"
  role             = aws_iam_role.server.arn
  filename         = data.archive_file.server.output_path
  source_code_hash = data.archive_file.server.output_base64sha256
  handler          = "index.handler"
  runtime          = "nodejs24.x"
  architectures    = ["arm64"]
  memory_size      = 1024
  # API Gateway ends an integration at 29 s (30 s on HTTP APIs).
  timeout = 29
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.server.name
  }
  environment {
    variables = merge(local.common_environment, {
      POWERTOOLS_SERVICE_NAME     = "tasks"
      LAMBDA_MCP_STATE_SECRET_ARN = aws_secretsmanager_secret.state.arn
    })
  }
  depends_on = [aws_iam_role_policy.server]
}

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
    variables = merge(local.common_environment, { POWERTOOLS_SERVICE_NAME = "tasks-authorizer" })
  }
  depends_on = [aws_iam_role_policy.authorizer]
}

resource "aws_apigatewayv2_api" "mcp" {
  name          = var.name
  protocol_type = "HTTP"
  description   = "MCP server (lambda-mcp)"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.mcp.id
  name        = "$default"
  auto_deploy = true
  default_route_settings {
    throttling_burst_limit = var.throttle.burst_limit
    throttling_rate_limit  = var.throttle.rate_limit
  }
}

resource "aws_apigatewayv2_integration" "server" {
  api_id                 = aws_apigatewayv2_api.mcp.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.server.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_authorizer" "api_key" {
  api_id                            = aws_apigatewayv2_api.mcp.id
  name                              = "api-key"
  authorizer_type                   = "REQUEST"
  authorizer_uri                    = aws_lambda_function.authorizer.invoke_arn
  identity_sources                  = ["$request.header.x-api-key"]
  authorizer_payload_format_version = "2.0"
  enable_simple_responses           = true
  # No caching: a revoked key stops on its next request.
  authorizer_result_ttl_in_seconds = 0
}

resource "aws_apigatewayv2_route" "mcp" {
  for_each           = local.routes
  api_id             = aws_apigatewayv2_api.mcp.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.server.id}"
  authorization_type = each.value ? "CUSTOM" : "NONE"
  authorizer_id      = each.value ? aws_apigatewayv2_authorizer.api_key.id : null
}

resource "aws_lambda_permission" "server_from_api" {
  statement_id  = "api-gateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.server.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.mcp.execution_arn}/*/*"
}

resource "aws_lambda_permission" "authorizer_from_api" {
  statement_id  = "api-gateway-authorizer"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.authorizer.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.mcp.execution_arn}/authorizers/${aws_apigatewayv2_authorizer.api_key.id}"
}

# The seed's warm-up: {"warmup": true} is answered before any MCP code runs.
resource "aws_cloudwatch_event_rule" "warm_up" {
  name                = "${var.name}-warm-up"
  schedule_expression = "rate(5 minutes)"
}

resource "aws_cloudwatch_event_target" "warm_up" {
  rule  = aws_cloudwatch_event_rule.warm_up.name
  arn   = aws_lambda_function.server.arn
  input = jsonencode({ warmup = true })
}

resource "aws_lambda_permission" "warm_up" {
  statement_id  = "warm-up"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.server.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.warm_up.arn
}
