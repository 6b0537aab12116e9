variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "__SERVICE_NAME__"
}

variable "bundle_dir" {
  description = "Where `npm run build` (lambda-mcp build) wrote index.mjs."
  type        = string
  default     = null
}

variable "log_retention_days" {
  type    = number
  default = 30
}
