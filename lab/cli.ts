#!/usr/bin/env -S npx tsx
/**
 * Entry point of the lab's command line: `tsx lab/cli.ts up|down|status|cut HOST|restore HOST|purge`,
 * behind the npm scripts lab:up, lab:down and lab:status.
 */
import { runLabCli } from './lab-cli.js';

process.exitCode = await runLabCli(process.argv.slice(2), process.env);
