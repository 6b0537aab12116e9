import { OpenApiError } from './openapi-error.ts';
import type { SecurityRequirement, SecuritySchemeObject } from './openapi-types.ts';

/** The name a scheme given whole is kept under, beside the document's own. */
const OWN_SCHEME = 'fallbackScheme';

/**
 * The security schemes with `fallbackScheme` among them, and the requirement it makes for an
 * operation that names none. Many documents declare no requirement (GitHub's declares no
 * scheme at all; others declare one in `components` and require it nowhere): without one,
 * the credential has nowhere to go and every call is anonymous. Throws `OpenApiError` for a
 * name the document does not declare.
 */
export function fallbackSecurity(
  schemes: Readonly<Record<string, SecuritySchemeObject>>,
  fallback: string | SecuritySchemeObject | undefined,
): { schemes: Readonly<Record<string, SecuritySchemeObject>>; requirement: readonly SecurityRequirement[] } {
  if (fallback === undefined) return { schemes, requirement: [] };
  if (typeof fallback === 'string') {
    if (!Object.hasOwn(schemes, fallback)) {
      const declared = Object.keys(schemes).join(', ') || 'none';
      throw new OpenApiError(
        `fallbackScheme "${fallback}" is not one of the security schemes the document declares (${declared}): name one of them, or give a scheme of your own ({ type: 'http', scheme: 'bearer' }).`,
      );
    }
    return { schemes, requirement: [{ [fallback]: [] }] };
  }
  return { schemes: { ...schemes, [OWN_SCHEME]: fallback }, requirement: [{ [OWN_SCHEME]: [] }] };
}
