#!/usr/bin/env node
// Entry point of the `hailong` command. Runs the compiled CLI (built by `npm install`/`npm run build`).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
