variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "tasks-mcp"
}

variable "database_secret_arn" {
  description = "A Secrets Manager secret holding a postgres:// URL or the JSON secret RDS generates."
  type        = string
  # The complete ARN (with the 6-character suffix): the policies name exactly this ARN, so a
  # partial one or a name would deploy and then be refused on every read.
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+-[A-Za-z0-9]{6}$", var.database_secret_arn))
    error_message = "database_secret_arn must be the secret's complete ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>."
  }
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
