/** zod alone through `import * as z`: property accesses the bundler can follow, so it drops what is unused. */
import * as z from 'zod';

export const handler = async () => z.object({ ok: z.boolean() }).parse({ ok: true });
