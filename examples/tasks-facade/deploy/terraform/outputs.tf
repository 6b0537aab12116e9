output "mcp_endpoint" {
  description = "The MCP endpoint for MCP clients (send the key in x-api-key)."
  value       = "${aws_api_gateway_stage.v1.invoke_url}/mcp"
}

output "state_secret_arn" {
  value = aws_secretsmanager_secret.state.arn
}
