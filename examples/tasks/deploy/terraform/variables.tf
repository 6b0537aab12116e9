variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "tasks-mcp"
}

variable "database_secret_arn" {
  description = "A Secrets Manager secret holding a postgres:// URL or the JSON secret RDS generates."
  type        = string
}

variable "bundles_dir" {
  description = "Where `npm run bundle` (lambda-mcp build) wrote server/ and authorizer/."
  type        = string
  default     = null
}

variable "throttle" {
  description = "Stage throttling: steady requests per second and the burst above it."
  type        = object({ rate_limit = number, burst_limit = number })
  default     = { rate_limit = 50, burst_limit = 100 }
}

variable "log_retention_days" {
  type    = number
  default = 30
}
