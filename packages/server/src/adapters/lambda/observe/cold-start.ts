let cold = true;

/**
 * True for the first invocation of this execution environment, false afterwards. The one
 * piece of module state the Lambda adapter keeps: it is per environment by nature.
 */
export function takeColdStart(): boolean {
  const wasCold = cold;
  cold = false;
  return wasCold;
}
