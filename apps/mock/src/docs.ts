import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the built reference docs are (apps/docs), or how to build them. */
export function docsLocation(): string {
  const page = fileURLToPath(new URL('../../docs/dist/index.html', import.meta.url));
  return existsSync(page) ? page : 'not built yet: run `npm run build` at the repo root';
}
