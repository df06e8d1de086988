import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The `hailong` command as an operator runs it: `node bin/hailong.js` on dist/, rebuilt first when
 * older than src/ (call `buildCli` in a `before` hook).
 */
const root = resolve(import.meta.dirname, '../..');

function newestSource(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return newestSource(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? statSync(path).mtimeMs : 0;
  }));
}

export function buildCli(): void {
  const built = join(root, 'dist', 'cli.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource(join(root, 'src'))) return;
  // Emit only: type errors are `npm run typecheck`'s to report, and checking would triple the time.
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck'], { cwd: root, stdio: 'pipe' });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A working folder for the command, removed when the test process exits. */
export function cliDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function hailong(args: string[], env: Record<string, string>, dataDir: string): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'bin/hailong.js'), ...args], {
      cwd: dataDir, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}
