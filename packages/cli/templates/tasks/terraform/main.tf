# This MCP server on a Lambda Function URL (auth in the function: API keys from the api_keys table): the same
# function as template.yaml (SAM), serverless.yml and infra/ (CDK). `npm run build` first.
# A Function URL passes the function's 401 and WWW-Authenticate through as they are.

locals {
  bundle_dir = coalesce(var.bundle_dir, "${path.module}/../dist")
}

data "archive_file" "bundle" {
  type        = "zip"
  source_dir  = local.bundle_dir
  output_path = "${path.module}/.build/bundle.zip"
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

# Both tables outlive the deployment, as in template.yaml (DeletionPolicy: Retain) and infra/
# (RETAIN): deletion protection makes `terraform destroy`, or a change that replaces a table
# (a new var.name), fail instead of dropping every task and key. To really delete one, set
# it to false and apply first.
resource "aws_dynamodb_table" "tasks" {
  name                        = "${var.name}-tasks"
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = true
  hash_key                    = "tenant"
  range_key                   = "id"
  attribute {
    name = "tenant"
    type = "S"
  }
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}

# API keys (npm run keys -- create --store dynamodb:<this table>): callers send one in x-api-key.
resource "aws_dynamodb_table" "api_keys" {
  name                        = "${var.name}-api-keys"
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = true
  hash_key                    = "keyId"
  attribute {
    name = "keyId"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_cloudwatch_log_group" "mcp" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "mcp" {
  name_prefix        = "${var.name}-"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

# Its own log group and its own secret and tables: no "*" resource.
data "aws_iam_policy_document" "mcp" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.mcp.arn}:*"]
  }
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.state.arn]
  }
  # Exactly the calls the code makes, on exactly its tables.
  statement {
    actions   = ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.tasks.arn]
  }
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.api_keys.arn]
  }
}

resource "aws_iam_role_policy" "mcp" {
  role   = aws_iam_role.mcp.id
  policy = data.aws_iam_policy_document.mcp.json
}

resource "aws_lambda_function" "mcp" {
  function_name    = var.name
  role             = aws_iam_role.mcp.arn
  filename         = data.archive_file.bundle.output_path
  source_code_hash = data.archive_file.bundle.output_base64sha256
  handler          = "index.handler"
  runtime          = "nodejs24.x"
  architectures    = ["arm64"]
  memory_size      = 1024
  timeout          = 30
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.mcp.name
  }
  environment {
    variables = {
      NODE_OPTIONS                 = "--enable-source-maps"
      POWERTOOLS_SERVICE_NAME      = "tasks"
      POWERTOOLS_METRICS_NAMESPACE = "lambda-mcp"
      LAMBDA_MCP_STATE_SECRET_ARN  = aws_secretsmanager_secret.state.arn
      TASKS_TABLE    = aws_dynamodb_table.tasks.name
      API_KEYS_TABLE = aws_dynamodb_table.api_keys.name
    }
  }
  depends_on = [aws_iam_role_policy.mcp]
}

# MCP clients cannot sign SigV4: the URL is public and the function decides who may call.
resource "aws_lambda_function_url" "mcp" {
  function_name      = aws_lambda_function.mcp.function_name
  authorization_type = "NONE"
  invoke_mode        = "BUFFERED"
}

# Since October 2025 a public Function URL needs both statements: InvokeFunctionUrl and
# InvokeFunction restricted to calls through the URL.
resource "aws_lambda_permission" "url" {
  statement_id           = "function-url"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.mcp.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "url_invoke" {
  statement_id             = "function-url-invoke"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.mcp.function_name
  principal                = "*"
  invoked_via_function_url = true
}

# Keeps one environment warm; the adapter answers {"warmup": true} before any MCP code.
resource "aws_cloudwatch_event_rule" "warm_up" {
  name                = "${var.name}-warm-up"
  schedule_expression = "rate(5 minutes)"
}

resource "aws_cloudwatch_event_target" "warm_up" {
  rule  = aws_cloudwatch_event_rule.warm_up.name
  arn   = aws_lambda_function.mcp.arn
  input = jsonencode({ warmup = true })
}

resource "aws_lambda_permission" "warm_up" {
  statement_id  = "warm-up"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.mcp.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.warm_up.arn
}
