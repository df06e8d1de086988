// The heap bound of `hailong import`: V8 otherwise lets the heap of a long streaming import grow far
// beyond its live data (a few tens of MB), and an import's peak memory has a budget (300 MB).
// Node takes the bound only at start, so bin/hailong.js starts imports in a child process with it;
// the import benchmark runs its child with the same flag.
export const importHeapFlag = '--max-old-space-size=112';
