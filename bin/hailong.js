#!/usr/bin/env node
// Entry point of the `hailong` command. Runs the compiled CLI (built by `npm install`/`npm run build`).
import { spawnSync } from 'node:child_process';
import { importNodeFlags } from './import-flags.js';

const bounded = process.argv[2] === 'import' && !process.execArgv.some((flag) => flag.startsWith('--max-old-space-size'));
if (bounded) {
  const child = spawnSync(process.execPath, [...importNodeFlags(process.env.DATABASE_URL), ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
} else {
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(process.argv.slice(2));
}
