// The load generator, in its own process (so that neither its CPU nor its garbage is the server's,
// and the server's CPU time can be read apart): `connections` keep-alive clients take the next
// request of the list until it is exhausted or the time is up. Plain JavaScript: it needs no loader.
// Typed wrapper and protocol: http-load.ts.
import http from 'node:http';

const options = await new Promise((resolve) => process.once('message', resolve));
const { origin, connections, durationMs, warmup, headers: common, requests } = options;
const url = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });

function send(spec) {
  return new Promise((resolve, reject) => {
    const headers = { ...common, ...(spec.headers ?? {}) };
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(spec.body);
    }
    const request = http.request({ host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(spec.body);
  });
}

/** Runs requests[from..to) with `connections` clients; latencies in ms, in completion order. */
async function phase(from, to, deadline) {
  let next = from;
  const latencies = [];
  const indices = [];
  const statuses = {};
  const errors = [];
  async function client() {
    while (next < to && performance.now() < deadline) {
      const index = next++;
      const spec = requests[index];
      const started = performance.now();
      let status;
      try {
        const response = await send(spec);
        status = response.status;
        if (status >= 400 && errors.length < 5) errors.push(`${status} ${spec.method} ${spec.path}: ${response.body.slice(0, 300)}`);
      } catch (error) {
        status = 0;
        if (errors.length < 5) errors.push(`network: ${error.message}`);
      }
      latencies.push(performance.now() - started);
      indices.push(index);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  return { latencies, indices, statuses, errors, elapsedMs: performance.now() - started, issued: next - from };
}

const warm = await phase(0, Math.min(warmup, requests.length), Infinity);
process.send({ measuring: true });
const measured = await phase(warm.issued, requests.length, performance.now() + durationMs);
agent.destroy();
const latencies = Float64Array.from(measured.latencies);
const indices = Int32Array.from(measured.indices);
process.send({
  latencies, indices, statuses: measured.statuses, errors: [...warm.errors, ...measured.errors], elapsedMs: measured.elapsedMs,
  warmupStatuses: warm.statuses,
}, () => process.disconnect());
