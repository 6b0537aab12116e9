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
    const { code, message } = error as { code?: string; message?: string };
    // Only when the peer itself is missing: an installed peer that lacks a dependency of its
    // own (a broken install) says which one, and "install the peer" would not fix it.
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      namesPeer(String(message), name)
    ) {
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
 * Whether a not-found message is about `name` itself (a subpath of it included: `jose/jwt/verify`
 * under require), quoted either way: "Cannot find package 'jose' imported from …" (Node ESM),
 * "Cannot find module 'jose/jwt/verify'" (require), `Cannot find package "jose"` (Bun).
 */
function namesPeer(message: string, name: string): boolean {
  for (const quote of ["'", '"']) {
    const at = message.indexOf(`${quote}${name}`);
    const after = message[at + 1 + name.length];
    if (at !== -1 && (after === quote || after === '/')) return true;
  }
  return false;
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
