// Runs one declarations import with the compiled code, in its own process started with the heap bound
// of `hailong import` (bin/heap-bound.js), and reports its figures
// (the orchestrator needs this process's peak RSS, not its own).
import { openDatabase } from '../dist/db/database.js';
import { importDeclarationFile } from '../dist/declarations/declarations.service.js';

const [url, schema, file] = process.argv.slice(2);
const db = await openDatabase(url, schema ? { schema } : {});
const started = performance.now();
const summary = await importDeclarationFile(db, file);
const ms = performance.now() - started;
await db.close();
process.stdout.write(JSON.stringify({ summary, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
