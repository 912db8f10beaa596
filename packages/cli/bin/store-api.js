#!/usr/bin/env node
// Committed rather than built, so npm links the command at install time, before the build has made dist/.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('store-api: @store-api/cli is not built yet (no dist/main.js); run `npm run build` at the repo root');
  process.exit(1);
}
await import(main.href);
