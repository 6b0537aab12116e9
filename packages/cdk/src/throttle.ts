/** API Gateway throttling of the whole stage: steady requests per second and the burst above it. */
export interface McpThrottle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * Low enough that a runaway client cannot run up the bill or drain the database's
 * connections, high enough for an assistant's bursts of tool calls. Raise it per need.
 */
export const DEFAULT_THROTTLE: McpThrottle = { rateLimit: 50, burstLimit: 100 };
