import { fork } from 'node:child_process';
import { once } from 'node:events';

/** One request of a load: its own path, body and extra headers. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  /** http://127.0.0.1:PORT of a listening server. */
  origin: string;
  connections: number;
  /** Stops issuing new requests after this long (the measured phase). */
  durationMs: number;
  /** The first `warmup` requests run before the clock starts and are not counted. */
  warmup: number;
  /** Sent with every request. */
  headers: Record<string, string>;
  requests: readonly RequestSpec[];
}

export interface LoadResult {
  /** Measured requests only, sorted ascending (ms). */
  latencies: Float64Array;
  /** The slowest measured requests, slowest first: index in `requests` and ms. */
  slowest: { index: number; ms: number }[];
  statuses: Record<string, number>;
  errors: string[];
  elapsedMs: number;
  requestsPerSecond: number;
  /**
   * CPU time of this process (the server: its thread, libuv's pool, V8's helpers; with SQLite also
   * the database engine) per measured request. Unlike requests/s, hardly moved by other work on the machine.
   */
  serverCpuMsPerRequest: number;
  warmupStatuses: Record<string, number>;
}

type ClientMessage = { measuring: true } | (Omit<LoadResult, 'requestsPerSecond' | 'slowest' | 'serverCpuMsPerRequest'> & { indices: Int32Array });

/**
 * Real HTTP over keep-alive sockets, from a child process (http-load-client.mjs) so the client's
 * CPU is neither taken from the server's event loop nor counted as the server's (on a 2-core
 * machine the server, the client and the database still share the cores).
 */
export async function runHttpLoad(options: LoadOptions): Promise<LoadResult> {
  const client = fork(new URL('./http-load-client.mjs', import.meta.url), [], { serialization: 'advanced', execArgv: [] });
  let cpuAtStart = process.cpuUsage();
  const done = new Promise<Exclude<ClientMessage, { measuring: true }>>((resolve, reject) => {
    client.on('message', (message: ClientMessage) => {
      if ('measuring' in message) cpuAtStart = process.cpuUsage();
      else resolve(message);
    });
    client.once('exit', (code) => reject(new Error(`load client exited with ${code}`)));
  });
  client.send(options);
  const message = await done;
  const cpu = process.cpuUsage(cpuAtStart);
  if (client.exitCode === null) await once(client, 'exit');
  const { indices, ...rest } = message;
  const slowest = Array.from(indices, (index, i) => ({ index, ms: message.latencies[i]! })).sort((a, b) => b.ms - a.ms).slice(0, 10);
  const latencies = message.latencies.slice().sort();
  const serverCpuMsPerRequest = (cpu.user + cpu.system) / 1000 / latencies.length;
  return { ...rest, latencies, slowest, serverCpuMsPerRequest, requestsPerSecond: latencies.length / (message.elapsedMs / 1000) };
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Rejects a load in which any request failed: the figures would not describe the product's work. */
export function assertAllSucceeded(name: string, result: LoadResult, ok: (status: number) => boolean): void {
  const statuses = [...Object.keys(result.statuses), ...Object.keys(result.warmupStatuses)];
  if (statuses.some((status) => !ok(Number(status)))) {
    throw new Error(`${name}: unexpected statuses ${JSON.stringify(result.statuses)} (warm-up ${JSON.stringify(result.warmupStatuses)})\n${result.errors.join('\n')}`);
  }
}
