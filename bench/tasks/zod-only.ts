/** zod alone, bundled the same way: what importing it costs a cold start. */
import { z } from 'zod';

export const handler = async () => z.object({ ok: z.boolean() }).parse({ ok: true });
