import { benchImport } from './import.bench.js';

// `npm run bench`: every figure beside a baseline measured in the same run, with the target.
// BENCH_ROWS changes the feed size (default 1,000,000). Needs `npm run build` (the import runs compiled).
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
let ok = true;
ok = (await benchImport(rows)) && ok;
console.log(ok ? 'all targets met' : 'some targets missed');
process.exitCode = ok ? 0 : 1;
