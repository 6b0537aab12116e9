/** `zod/mini`, zod's tree-shakable functional API, for comparison. */
import * as z from 'zod/mini';

export const handler = async () => z.object({ ok: z.boolean() }).parse({ ok: true });
