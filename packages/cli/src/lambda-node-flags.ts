/**
 * The V8 flags the Lambda Node.js runtime starts Node with that change V8's flag hash (its
 * bootstrap also passes heap sizes and --max-http-header-size, which do not). `invoke` runs
 * handlers with them, as Lambda does, and `build --code-cache` records under them: V8 rejects
 * a code cache made under other flags.
 */
export const LAMBDA_V8_FLAGS: readonly string[] = ['--expose-gc'];
