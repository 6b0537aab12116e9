/** zod alone through `import { z }`: the `z` namespace object is a value, so the bundler keeps all of zod. */
import { z } from 'zod';

export const handler = async () => z.object({ ok: z.boolean() }).parse({ ok: true });
