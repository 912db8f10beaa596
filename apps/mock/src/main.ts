#!/usr/bin/env node
// `npm start` at the repo root: the mock package's command, printing where the built reference docs are.
import { runCli } from '@store-api/mock/cli';
import { docsLocation } from './docs.js';

await runCli(process.argv.slice(2), { docs: docsLocation() });
