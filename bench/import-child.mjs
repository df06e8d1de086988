// Runs one declarations import with the compiled code, in its own process started with the flags
// of `hailong import` (bin/import-flags.js), and reports its figures
// (the orchestrator needs this process's peak RSS, not its own).
import { readFileSync } from 'node:fs';
import { openDatabase } from '../dist/db/database.js';
import { importDeclarationFile } from '../dist/declarations/declarations.service.js';

const [url, schema, file] = process.argv.slice(2);
const db = await openDatabase(url, schema ? { schema } : {});
const started = performance.now();
const summary = await importDeclarationFile(db, file);
const ms = performance.now() - started;
await db.close();
// The peak RSS of this program: VmHWM (the high-water mark of this process image). getrusage's maxRSS
// would not do: Linux carries it across exec, so it starts at the RSS of the forked parent (the bench,
// holding a million rows read back for its baseline).
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
process.stdout.write(JSON.stringify({ summary, ms, maxRssMb: peakKb / 1024 }) + '\n');
