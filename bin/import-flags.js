// The Node flags of `hailong import`. The heap bound: V8 otherwise lets the heap of a long streaming
// import grow far beyond its live data (a few tens of MB), and an import's peak memory has a budget
// (300 MB). PostgreSQL's import keeps two transactions' rows (one commits while the other is written,
// each kept for a replay): 160 MB there (1,000,000 rows: 32.6 s and peak RSS 280 MB, against 35.2 s
// and 254 MB with 112 MB; 192 MB: 296 MB, too near the budget). Single-threaded GC: the import already
// keeps both cores busy (the writer on the main thread, validation on a worker thread), and V8's
// parallel GC helpers only compete with them (SQLite, 1,000,000 rows: 21.7 and 22.7 s with it, 23.1
// and 23.7 s without, alternating runs).
// A young generation of 8 MB semi-spaces on the main thread (the worker sets its own): its rows are
// packed off the heap, so a larger one held mostly garbage in RSS (1,000,000 rows, alternating runs:
// peak RSS PostgreSQL 274–284 → 253–261 MB, SQLite 285–294 → 262–284 MB; CPU time unchanged).
// Node takes these flags only at start, so bin/hailong.js starts imports in a child process with them;
// the import benchmark runs its child with the same flags.
export function importNodeFlags(databaseUrl) {
  const heapMb = /^postgres(ql)?:/.test(databaseUrl ?? '') ? 160 : 112;
  return [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=8', '--single-threaded-gc'];
}
