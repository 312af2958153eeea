#!/usr/bin/env node
// The `vigie` command: runs the compiled CLI (build it with `npm run build:server`).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
