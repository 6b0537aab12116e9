variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "tasks-facade"
}

variable "tasks_api_url" {
  description = "The tasks REST API's base URL; the façade calls it with each caller's own key."
  type        = string
  validation {
    condition     = can(regex("^https?://.+", var.tasks_api_url))
    error_message = "tasks_api_url must be an http(s) URL, e.g. https://tasks.example.com."
  }
}

variable "database_secret_arn" {
  description = "The task database's Secrets Manager secret (a postgres:// URL or the JSON secret RDS generates): only the authorizer reads it."
  type        = string
  # The complete ARN (with the 6-character suffix): the policies name exactly this ARN, so a
  # partial one or a name would deploy and then be refused on every read.
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+-[A-Za-z0-9]{6}$", var.database_secret_arn))
    error_message = "database_secret_arn must be the secret's complete ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>."
  }
}

variable "bundles_dir" {
  description = "Where `npm run bundle` (lambda-mcp build) wrote facade/ and authorizer/."
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
