/**
 * Loads an optional peer dependency on first use, so that importing lambda-mcp (or an
 * auth/limits entry whose feature is unused) never loads it, and a missing peer fails
 * with the command that fixes it rather than ERR_MODULE_NOT_FOUND from deep inside.
 */
export async function loadOptionalPeer<T>(
  name: string,
  load: () => Promise<T>,
  feature: string,
  hint?: string,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `${feature} needs the optional peer dependency "${name}", which is not installed. ` +
          `Install it next to lambda-mcp: npm install ${name}${hint === undefined ? '' : `. ${hint}`}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * `loadOptionalPeer` once per process: the first call loads, later ones share its promise;
 * a failed load is forgotten, so the next call tries again (after an install, say).
 * `hint` follows the not-installed message.
 */
export function optionalPeer<T>(
  name: string,
  load: () => Promise<T>,
  hint?: string,
): (feature: string) => Promise<T> {
  let loading: Promise<T> | undefined;
  return (feature) => {
    if (loading === undefined) {
      loading = loadOptionalPeer(name, load, feature, hint);
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
}
