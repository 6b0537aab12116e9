terraform {
  # 1.11: write-only attributes keep the generated signing key out of the state.
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.28: aws_lambda_permission's invoked_via_function_url (the InvokeFunction statement a
      # public Function URL needs); an older 6.x refuses the module ("Unsupported argument").
      version = ">= 6.28"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.7"
    }
  }
}
