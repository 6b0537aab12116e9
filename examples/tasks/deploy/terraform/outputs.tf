output "mcp_endpoint" {
  description = "The MCP endpoint for MCP clients (send the key in x-api-key)."
  value       = "${aws_apigatewayv2_stage.default.invoke_url}mcp"
}

output "state_secret_arn" {
  value = aws_secretsmanager_secret.state.arn
}
