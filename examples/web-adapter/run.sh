#!/bin/sh
# The function's handler. Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap) starts
# this script, waits until GET /health answers, then forwards every Function URL request
# to the server on AWS_LWA_PORT.
exec node "$LAMBDA_TASK_ROOT/index.mjs"
