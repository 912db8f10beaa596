#!/usr/bin/env node
// The package's `store-api-mock` command (see cli.ts).
import { runCli } from './cli.js';

await runCli(process.argv.slice(2));
