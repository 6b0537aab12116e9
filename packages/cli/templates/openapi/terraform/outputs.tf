output "mcp_endpoint" {
  description = "The MCP endpoint for MCP clients."
  value       = "${aws_lambda_function_url.mcp.function_url}mcp"
}
