let first = true;

/**
 * Environments Lambda initializes before any request reaches them (provisioned concurrency,
 * Lambda Managed Instances) serve no request that waited for the init: as Powertools counts
 * them, their first invocation is no cold start.
 */
const PREPARED_AHEAD = ['provisioned-concurrency', 'lambda-managed-instances'];
const onDemand = !PREPARED_AHEAD.includes(process.env.AWS_LAMBDA_INITIALIZATION_TYPE ?? 'on-demand');

/**
 * True for the first invocation of this execution environment, false afterwards. The one
 * piece of module state the Lambda adapter keeps: it is per environment by nature.
 */
export function takeFirstInvocation(): boolean {
  const wasFirst = first;
  first = false;
  return wasFirst;
}

/** Whether a (first) invocation waited for its environment's init. */
export function isColdStart(firstInvocation: boolean): boolean {
  return firstInvocation && onDemand;
}

/** The first invocation of an environment initialized on demand: `takeFirstInvocation` and `isColdStart` at once. */
export function takeColdStart(): boolean {
  return isColdStart(takeFirstInvocation());
}
