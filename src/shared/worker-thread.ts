import { Worker, type WorkerOptions } from 'node:worker_threads';

// From sources (tests, tsx) a worker is TypeScript too and needs the tsx loader in its thread.
const fromSources = import.meta.url.endsWith('.ts');

/**
 * Starts the worker module `name` (without extension) that sits beside `importer` (the caller's
 * import.meta.url): its compiled .js, or from sources its .ts through tsx.
 */
export function startWorkerThread(importer: string, name: string, options: WorkerOptions): Worker {
  const url = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, importer);
  if (!fromSources) return new Worker(url, options);
  // tsx resolved here, not in the eval'd code (which would resolve it from the working directory).
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
