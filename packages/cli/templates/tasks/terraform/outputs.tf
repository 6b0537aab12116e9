output "mcp_endpoint" {
  description = "The MCP endpoint for MCP clients."
  value       = "${aws_lambda_function_url.mcp.function_url}mcp"
}

output "api_keys_table" {
  description = "npm run keys -- create --store dynamodb:<this> --tenant <tenant>"
  value       = aws_dynamodb_table.api_keys.name
}
