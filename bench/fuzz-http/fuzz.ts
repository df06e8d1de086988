// HTTP fuzzer for hailong: in-process app (inject), every route × principal × malformed input.
// Usage: node --import tsx bench/fuzz-http/fuzz.ts [sqlite|postgres] [phases,comma-separated] — findings in $TMPDIR/hailong-fuzz-out-<dialect>/ (a session-15 helper wrote it; it found the 500s test/input-guard.test.ts now covers).
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { buildFuzzWorld, principals, type P } from './world.js';
import { specs, type RouteSpec } from './spec.js';

const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const only = process.argv[3] ? new Set(process.argv[3].split(',')) : undefined;
const outDir = join(tmpdir(), `hailong-fuzz-out-${dialect}`);
mkdirSync(outDir, { recursive: true });
const findingsFile = `${outDir}/findings.jsonl`;
const statsFile = `${outDir}/coverage.json`;
writeFileSync(findingsFile, '');


let count = 0;
const printed = new Set<string>();
const slowest: { ms: number; p: string; method: string; url: string; note?: string; status?: number }[] = [];
/** Per route: the principals that got past the gate in the baseline. */
const allowed: Record<string, P[]> = {};
const coverage: Record<string, Record<string, number>> = {};
const shapeIssues = new Map<string, unknown>();

interface SendOptions {
  headers?: Record<string, string | string[]>;
  payload?: string | Buffer;
  /** Don't add the principal's cookie/authorization. */
  bare?: boolean;
  route: string;
  phase: string;
  note?: string;
}

const leakPatterns: [string, RegExp][] = [
  ['stack', /\n\s+at [^\n]{0,200}:\d+:\d+/],
  ['stack2', /\bat (?:async )?[\w.<>]+ \((?:file:|\/|node:)/],
  ['jsError', /\b(TypeError|RangeError|ReferenceError|SyntaxError|SqliteError|DatabaseError|AggregateError)\b/],
  ['sqliteMsg', /SQLITE_[A-Z_]+|no such (table|column)|constraint failed|near "[^"]*": syntax error|datatype mismatch/],
  ['pgMsg', /syntax error at or near|violates (not-null|unique|foreign key|check) constraint|out of range for type|invalid input syntax for type|relation "[^"]+" does not exist/],
  ['kyselySql', /\b(select|insert into|update|delete from)\s+("|\*)[^<]{0,120}\b(from|values|set|where)\b/],
  ['paths', /\/work\/main\/|node_modules\/|\.ts:\d+:\d+/],
  ['fastifyCode', /FST_ERR_[A-Z_]+/],
  ['undefinedText', />\s*(undefined|NaN|\[object Object\])\s*</],
];

function flagsOf(res: LightMyRequestResponse | undefined, ms: number, err?: unknown): string[] {
  const flags: string[] = [];
  if (err) flags.push('inject-threw');
  if (!res) return flags;
  if (res.statusCode >= 500) flags.push(`status${res.statusCode}`);
  if (ms > 5000) flags.push('slow');
  const ctype = String(res.headers['content-type'] ?? '');
  const body = ctype.includes('image/') || ctype.includes('pdf') ? '' : res.body;
  for (const [name, re] of leakPatterns) if (re.test(body)) flags.push(`leak:${name}`);
  if (res.statusCode >= 400 && ctype.includes('json') && res.raw.req.method !== 'HEAD') {
    try {
      const j = JSON.parse(res.body) as { error?: { code?: string; message?: { vi?: string; en?: string } } };
      if (!j.error?.code || !j.error.message?.vi || !j.error.message?.en) flags.push('shape:json-error');
    } catch { flags.push('shape:bad-json'); }
  }
  if (res.statusCode >= 400 && !ctype.includes('json') && !ctype.includes('html') && res.statusCode !== 404) flags.push(`shape:ctype(${ctype})`);
  return flags;
}

function redact(h: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) out[k] = k === 'cookie' ? '<session>' : k === 'authorization' && typeof v === 'string' && v.startsWith('Bearer hlk_') && v.length > 60 ? '<key>' : v;
  return out;
}

async function send(p: P, method: string, url: string, o: SendOptions): Promise<LightMyRequestResponse | undefined> {
  const session = w.s[p];
  const headers: Record<string, string | string[]> = { ...(o.bare ? {} : session.baseHeaders()), ...o.headers };
  for (const [k, v] of Object.entries(headers)) if (v === '__delete__') delete headers[k];
  const started = performance.now();
  let res: LightMyRequestResponse | undefined;
  let err: unknown;
  try {
    res = await Promise.race([
      w.app.inject({ method: method as 'GET', url, headers, ...(o.payload !== undefined ? { payload: o.payload } : {}) }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout 30s')), 30_000)),
    ]);
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - started;
  count++;
  slowest.push({ ms: Math.round(ms), p, method, url: url.slice(0, 150), note: o.note, status: res?.statusCode });
  if (slowest.length > 40) { slowest.sort((a, b) => b.ms - a.ms); slowest.length = 20; }
  const key = `${o.route}`;
  coverage[key] ??= {};
  const st = res ? String(res.statusCode) : 'threw';
  coverage[key][st] = (coverage[key][st] ?? 0) + 1;
  const flags = flagsOf(res, ms, err);
  if (flags.length > 0) {
    const record = {
      phase: o.phase, note: o.note, principal: p, method, url: url.length > 400 ? `${url.slice(0, 400)}…(${url.length})` : url,
      headers: redact(headers), payload: o.payload === undefined ? undefined : (Buffer.isBuffer(o.payload) ? `<buffer ${o.payload.length}> ${o.payload.subarray(0, 300).toString('latin1')}` : o.payload.length > 600 ? `${o.payload.slice(0, 600)}…(${o.payload.length})` : o.payload),
      status: res?.statusCode, ms: Math.round(ms), flags, error: err ? (err instanceof Error ? err.message : JSON.stringify(err)) : undefined,
      body: res ? res.body.slice(0, 1500) : undefined, route: o.route,
    };
    appendFileSync(findingsFile, JSON.stringify(record) + '\n');
    if (res && flags.some((f) => f.startsWith('leak:'))) {
      const m = leakPatterns.filter(([n]) => flags.includes(`leak:${n}`)).map(([, re]) => re.exec(res.body)).find((x) => x);
      if (m) appendFileSync(`${outDir}/leak-context.txt`, `${p} ${method} ${url.slice(0, 200)} ${o.note ?? ''} -> ${res.statusCode}\n  ${res.body.slice(Math.max(0, m.index - 500), m.index + 200).replace(/\s+/g, ' ')}\n`);
    }
    const sig = `${o.route}|${method}|${flags.join(',')}|${res?.statusCode}`;
    if (flags.some((f) => f.startsWith('status5') || f === 'slow' || f === 'inject-threw') && !printed.has(sig)) {
      printed.add(sig);
      console.log(`!! ${flags.join(',')} ${p} ${method} ${record.url} ${o.note ?? ''} -> ${res?.statusCode} ${err instanceof Error ? err.message : ''}`);
    }
  }
  if (res && !o.bare) session.absorb(res);
  return res;
}

// ——— value pools ———
const long = (n: number, c = 'a') => c.repeat(n);
/** Path segment values, inserted raw into the URL (already escaped where needed). */
const pathValues: string[] = [
  '0', '-1', '1.5', '1e3', '1e400', '0x10', '+1', ' 1', '%201', '01', '2', '999', '99999999999999999999', '9007199254740993', '999999999999999',
  '1000000000000000', '18446744073709551616', '-9223372036854775809', 'abc', 'null', 'undefined', 'NaN', 'Infinity', 'true',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype',
  "'", '%27', '%22', "1'%20OR%20'1'='1", '%3Cscript%3E', '%', '%25', '%00', '1%00', '%zz', '%C0%AE', '%FF', '%E2%80%AE', '%F0%9F%98%80',
  encodeURIComponent('Đội Thủ tục'), 'Đ', '..', '.', '%2e%2e', '..%2F..%2Fpackage.json', '%2F', '%5C', 'a%2Fb', long(300), long(5000), encodeURIComponent(long(50, 'Đ')),
  '2020-02-30', '2020-13-01', '0000-00-00', '9999-12-31', '2020-1-1', '%20', 'CC001%20', 'Infinity', '-Infinity', '1e308', '1e309', 'CC001%00', '%00%00', 'cc001', '03cc', '03CC', 'HP', '03CC-T1', 'VAMA',
  '100000000001', '100000000010', '1000000000010', 'HS%2F000000006', 'MTAwMDAwMDAwMDEw', 'MTAwMDAwMDAwMDEw.x', 'MTAwMDAwMDAwMDEw.',
];
/** Query values, inserted raw after `key=`. */
const queryValues: string[] = [
  '', ' ', '0', '-1', '1.5', '1e3', '1e400', 'Infinity', '-Infinity', '1e308', '2147483648', '9223372036854775808', '99999999999999999999', '9007199254740993', '999999999999999', '-99999999999999999999',
  'abc', 'true', 'false', 'null', '__proto__', 'constructor', 'toString', '%00', '%zz', '%', '%C0%AE', '%FF', '%E2%80%AE',
  encodeURIComponent('Thủ tục'), 'Đ', encodeURIComponent('😀'), "'", '%27%20OR%201%3D1--', '%3Cscript%3E', long(41), long(201), long(3000), long(70000),
  '2020-02-30', '2020-02-29', '2021-02-29', '2020-13-01', '2020-00-10', '0000-01-01', '9999-12-31', '0001-01-01', '1900-01-01', '2100-12-31',
  '275760-09-13', '%2B275760-09-13', '2020-1-1', '20200101', '2020-01-01T00:00:00', '2020-01-01%2000:00', '31%2F12%2F2020',
  '1', '2', '3', '4', 'unit', 'officer', 'month', 'week', 'channel', 'typeCode', 'level', 'import', 'dossier', 'mine', 'overdue', 'all', 'any',
  'open', 'closed', 'pending', 'en', 'vi', 'xx', 'units', 'officers', 'ranking', 'cases', 'partnership', 'problems',
  'CC001', '03CC', 'HP', '03EE', 'VAMA', '1.2', '0.0', '999999999999999.999999999999999', '1.999999999999999', 'web', 'software', 'portal', 'link',
  'AAAA', '_-_-', long(120, 'A'), long(121, 'A'), 'eyJ4IjoxfQ', 'MTAwMDAwMDAwMDEw', '10', '100000000001', 'HS/',
  '%2F%2Fevil.example', 'https://evil.example', '/%2F%2Fevil.example', '/dashboard', '//evil.example', '/\\evil.example', 'javascript:alert(1)',
];

function subst(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '1');
}

function formEncode(body: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    const vs = Array.isArray(v) ? v : [v];
    for (const one of vs) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(one))}`);
  }
  return parts.join('&');
}

function specOf(route: string): RouteSpec {
  const s = specs[route];
  if (!s) throw new Error(`no spec for ${route}`);
  return s;
}

const allowedOf = (route: string): P[] => allowed[route] ?? principals;
const signedIn = (p: P) => !['anonymous', 'feed', 'vendor'].includes(p);

/** A POST with the given body kind, the principal's CSRF token unless told otherwise. */
async function post(p: P, url: string, route: string, phase: string, kind: string, body: Record<string, unknown> | string | Buffer, extra: { csrf?: string | null; headers?: Record<string, string>; note?: string } = {}) {
  const csrf = extra.csrf === undefined ? w.s[p].csrf : extra.csrf;
  const headers: Record<string, string> = { accept: 'text/html' };
  let payload: string | Buffer;
  if (kind === 'json') {
    headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
    if (csrf && signedIn(p)) headers['x-csrf-token'] = csrf;
    payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  } else if (kind === 'multipart') {
    const boundary = 'fuzzB0undary';
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
    else {
      const fields = { ...(csrf ? { _csrf: csrf } : {}), ...body };
      payload = Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(one)}\r\n`)).join('') + `--${boundary}--\r\n`;
    }
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : formEncode({ ...(csrf ? { _csrf: csrf } : {}), ...body });
  }
  return send(p, 'POST', url, { route, phase, payload, headers: { ...headers, ...extra.headers }, note: extra.note });
}

const routeFilter = process.env.ROUTE_FILTER ? new RegExp(process.env.ROUTE_FILTER) : undefined;
const routes = () => w.app.routeList.filter((r) => r.url !== '/logout' && (!routeFilter || routeFilter.test(`${r.method} ${r.url}`)));
const phaseOn = (name: string) => !only || only.has(name);

// ——— phases ———
async function baseline() {
  for (const r of routes()) {
    const spec = specOf(`${r.method} ${r.url}`);
    const url = subst(r.url, spec.params?.(w) ?? {});
    const route = `${r.method} ${r.url}`;
    allowed[route] = ['anonymous'];
    for (const p of principals) {
      const res = r.method === 'GET'
        ? await send(p, 'GET', url, { route, phase: 'baseline', headers: { accept: 'text/html' } })
        : await post(p, url, route, 'baseline', spec.body === 'json' ? 'json' : spec.body === 'multipart' ? 'multipart' : 'form', spec.template?.(w) ?? {});
      const denied = !res || [401, 403].includes(res.statusCode) || (res.statusCode === 303 && String(res.headers.location).startsWith('/login'));
      if (!denied && p !== 'anonymous') allowed[route].push(p);
    }
    appendFileSync(`${outDir}/allowed.txt`, `${route}: ${allowed[route].join(' ')}\n`);
    await w.heal();
  }
}

async function paramsPhase() {
  for (const r of routes()) {
    const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (names.length === 0) continue;
    const route = `${r.method} ${r.url}`;
    const spec = specOf(route);
    const valid = spec.params?.(w) ?? {};
    for (const name of names) {
      for (const value of pathValues) {
        const url = subst(r.url, { ...valid, [name]: value });
        for (const p of allowedOf(route)) {
          for (const accept of ['text/html', 'application/json']) {
            if (r.method === 'GET') await send(p, 'GET', url, { route, phase: 'params', headers: { accept }, note: `${name}=${value.slice(0, 40)}` });
            else await post(p, url, route, 'params', spec.body === 'json' ? 'json' : spec.body === 'multipart' ? 'multipart' : 'form', spec.template?.(w) ?? {}, { note: `${name}=${value.slice(0, 40)}`, headers: { accept } });
          }
        }
      }
      await w.heal();
    }
  }
}

async function queryPhase() {
  const allKeys = [...new Set(Object.values(specs).flatMap((s) => s.query ?? []))];
  for (const r of routes().filter((x) => x.method === 'GET')) {
    const route = `${r.method} ${r.url}`;
    const spec = specOf(route);
    const url = subst(r.url, spec.params?.(w) ?? {});
    const keys = spec.query ?? [];
    for (const key of keys) {
      const variants: string[] = [];
      const pool = process.env.QUERY_LITE ? queryValues.filter((v) => /^-?[0-9.e+]+$|Infinity|%00|^$|2020-02-30|0000|9999|275760|__proto__|Đ|%FF|%C0/.test(v)) : queryValues;
      for (const v of pool) variants.push(`${key}=${v}`);
      variants.push(key, `${key}=`, `${key}=1&${key}=2`, `${key}=a&${key}=b&${key}=c`, `${key}[]=1`, `${key}[0]=1`, `${key}[a]=b`, `${key}.a=1`, `${encodeURIComponent(key)}=%00%00`);
      for (const q of variants) {
        for (const p of allowedOf(route)) {
          await send(p, 'GET', `${url}?${q}`, { route, phase: 'query', headers: { accept: p === 'feed' || p === 'vendor' ? 'application/json' : 'text/html' }, note: q.slice(0, 60) });
        }
      }
      await w.heal();
    }
    // Combinations: all keys at once with valid-looking values, and with empty values; keys from other routes.
    const combos = [
      keys.map((k) => `${k}=`).join('&'),
      keys.map((k) => `${k}=2020-02-30`).join('&'),
      keys.map((k) => `${k}=1`).join('&'),
      'from=2020-12-31&to=2020-01-01', 'from=2020-01-01&to=2100-12-31', 'from=0001-01-01&to=9999-12-31', 'from=9999-12-31', 'to=0001-01-01',
      'groupBy=officer&unit=03CC', 'groupBy=level&officer=CC001', 'groupBy=week&from=2019-12-30&to=2020-01-05', 'groupBy=month&from=1970-01-01&to=2100-12-31',
      'table=ranking&rank=officers', 'table=cases&unit=HP', 'unit=03CC&officer=EE001', 'unit=HP&officer=TR001&from=2020-06-01&to=2020-07-31',
      'q=%25&office=03CC', 'q=_&kind=import', 'after=AAAA&before=AAAA', 'at=AAAA&before=BBBB', `after=${long(120, 'A')}`,
      allKeys.map((k) => `${k}=x`).join('&'), allKeys.map((k) => `${k}=${long(300)}`).join('&'),
      Array.from({ length: 2000 }, (_, i) => `k${i}=v`).join('&'), `lang=vi&lang=en`, 'lang=__proto__',
    ];
    for (const q of combos) for (const p of allowedOf(route)) await send(p, 'GET', `${url}?${q}`, { route, phase: 'query-combo', headers: { accept: 'text/html' }, note: q.slice(0, 80) });
    await w.heal();
  }
}

function mutationsOf(template: Record<string, unknown>, kind: string): [string, Record<string, unknown> | string | Buffer][] {
  const out: [string, Record<string, unknown> | string | Buffer][] = [];
  const fields = Object.keys(template);
  const scalarBad: unknown[] = kind === 'json'
    ? [null, 0, -1, 1.5, 1e308, -1e308, 1e20, true, false, [], {}, [1, 2], ['a'], { a: 1 }, '', ' ', 'x', long(5000), long(70000), 'Đ😀\u0000', '__proto__', '2020-02-30', '1e3', 'NaN']
    : ['', ' ', '0', '-1', '1.5', '99999999999999999999', 'abc', long(5000), long(70000), 'Đ😀', '\u0000', '%00', '__proto__', '2020-02-30', '9999-99-99', 'true', ['a', 'b'], ['', ''], 'CC001', '03CC'];
  for (const f of fields) {
    const { [f]: _drop, ...rest } = template;
    out.push([`drop ${f}`, rest]);
    for (const v of scalarBad) out.push([`${f}=${JSON.stringify(v)?.slice(0, 30)}`, { ...template, [f]: v }]);
  }
  out.push(['empty object', {}]);
  out.push(['extra field', { ...template, zzz: 'x', __proto__x: 1 }]);
  out.push(['all empty', Object.fromEntries(fields.map((f) => [f, '']))]);
  if (kind === 'json') {
    out.push(['proto', `{"__proto__":{"x":1},${JSON.stringify(template).slice(1)}`]);
    out.push(['constructor.prototype', `{"constructor":{"prototype":{"x":1}},${JSON.stringify(template).slice(1)}`]);
    for (const raw of ['', ' ', 'null', 'true', '0', '"x"', '[]', '[{}]', '{', '{"a":', '{"a":1,}', "{'a':1}", '\u0000', '\uFEFF{}', '{}garbage', 'NaN', '1e999', '{"a":1e999}',
      '[' .repeat(50000) + ']'.repeat(50000), '{"a":'.repeat(20000) + '1' + '}'.repeat(20000), '{"__proto__":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001),
      JSON.stringify({ ...template, declarations: Array.from({ length: 1001 }, () => ({})) })]) out.push([`raw ${raw.slice(0, 20)}`, raw]);
  } else if (kind === 'form') {
    for (const raw of ['', '&&&', '=', '==', '%', '%zz=1', 'a=%zz', '_csrf', '_csrf=&_csrf=', 'x'.repeat(100000), Array.from({ length: 5000 }, (_, i) => `f${i}=1`).join('&'), '__proto__[a]=1', 'constructor=1&toString=1', '\u0000=\u0000'])
      out.push([`raw ${raw.slice(0, 20)}`, raw]);
  }
  return out;
}

async function bodyPhase() {
  for (const r of routes().filter((x) => x.method === 'POST')) {
    const route = `${r.method} ${r.url}`;
    const spec = specOf(route);
    const url = subst(r.url, spec.params?.(w) ?? {});
    const kind = spec.body === 'json' ? 'json' : spec.body === 'multipart' ? 'multipart' : 'form';
    const template = spec.template?.(w) ?? {};
    const ps = route === 'POST /login' || route.startsWith('POST /password') ? (['anonymous', 'admin'] as P[]) : allowedOf(route);
    for (const [note, body] of mutationsOf(template, kind === 'multipart' ? 'form' : kind)) {
      for (const p of ps) {
        if (kind === 'multipart' && typeof body === 'string') continue;
        await post(p, url, route, 'body', kind, body, { note });
      }
    }
    await w.heal();
    // CSRF variants (form and json) for the signed-in principals
    for (const p of ['admin', 'leader', 'business', 'anonymous'] as P[]) {
      for (const [note, csrf] of [['no csrf', null], ['bad csrf', 'x'], ['long csrf', long(10000)], ['other session csrf', w.s.inspector.csrf], ['unicode csrf', 'Đ😀']] as [string, string | null][]) {
        await post(p, url, route, 'csrf', kind, template, { csrf, note });
      }
      await post(p, url, route, 'csrf', kind, { ...template, _csrf: [w.s[p].csrf, 'x'] }, { csrf: null, note: 'csrf array' });
      if (kind === 'json') await post(p, url, route, 'csrf', 'form', template, { note: 'form to json route' });
      else await post(p, url, route, 'csrf', 'json', template, { note: 'json to form route' });
    }
    await w.heal();
  }
}

const contentTypes: [string, string | Buffer][] = [
  ['text/plain', 'hello'], ['application/xml', '<a/>'], ['application/octet-stream', Buffer.from([0, 1, 2, 255])], ['', 'a=1'],
  ['application/json; charset=utf-16', '{"a":1}'], ['application/json; charset=latin1', '{"a":"\xe9"}'], ['APPLICATION/JSON', '{}'],
  ['application/json;', '{}'], ['application/json; boundary=x', '{}'], ['application/vnd.api+json', '{}'], ['application/merge-patch+json', '{}'],
  ['application/x-www-form-urlencoded; charset=utf-16', 'a=1'], ['application/x-www-form-urlencoded', Buffer.from([0xff, 0xfe, 0x00, 0x61])],
  ['multipart/form-data', 'garbage'], ['multipart/form-data; boundary=', 'garbage'], ['multipart/form-data; boundary=x', 'garbage'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\n1\r\n--x--\r\n'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="constructor"\r\n\r\n1\r\n--x--\r\n'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data\r\n\r\n1\r\n--x--\r\n'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--x--\r\n'],
  ['multipart/form-data; boundary=x', Array.from({ length: 60 }, (_, i) => `--x\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n1\r\n`).join('') + '--x--\r\n'],
  ['multipart/mixed; boundary=x', '--x--'], ['image/png', Buffer.from('89504E47', 'hex')], ['*/*', '{}'], ['application/json, text/html', '{}'],
  [`application/json; ${'x'.repeat(5000)}=1`, '{}'], ['text/html', '<html>'], ['application/x-www-form-urlencoded', 'a=1'], ['application/json', '{}'],
];

async function contentTypePhase() {
  for (const r of routes().filter((x) => x.method === 'POST')) {
    const route = `${r.method} ${r.url}`;
    const spec = specOf(route);
    const url = subst(r.url, spec.params?.(w) ?? {});
    for (const [ctype, payload] of contentTypes) {
      for (const p of principals) {
        const headers: Record<string, string> = { accept: 'text/html', 'x-csrf-token': w.s[p].csrf };
        if (ctype) headers['content-type'] = ctype; else headers['content-type'] = '__delete__';
        await send(p, 'POST', url, { route, phase: 'ctype', payload, headers, note: ctype.slice(0, 60) });
      }
    }
    // declared length mismatch / oversize
    for (const p of ['admin', 'business', 'feed', 'anonymous'] as P[]) {
      await send(p, 'POST', url, { route, phase: 'ctype', payload: '{}', headers: { 'content-type': 'application/json', 'content-length': '100', 'x-csrf-token': w.s[p].csrf }, note: 'content-length too big' });
      await send(p, 'POST', url, { route, phase: 'ctype', payload: 'x'.repeat(6 * 1024 * 1024), headers: { 'content-type': 'application/json', 'x-csrf-token': w.s[p].csrf }, note: '6 MB json' });
      await send(p, 'POST', url, { route, phase: 'ctype', payload: 'a='.concat('x'.repeat(6 * 1024 * 1024)), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': w.s[p].csrf }, note: '6 MB form' });
      await send(p, 'POST', url, { route, phase: 'ctype', payload: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-csrf-token': w.s[p].csrf }, note: 'gzip claimed' });
      await send(p, 'POST', url, { route, phase: 'ctype', headers: { 'content-type': 'application/json', 'x-csrf-token': w.s[p].csrf }, note: 'no body json' });
      await send(p, 'POST', url, { route, phase: 'ctype', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': w.s[p].csrf }, note: 'no body form' });
    }
    await w.heal();
  }
}

async function methodPhase() {
  for (const r of w.app.routeList) {
    const route = `${r.method} ${r.url}`;
    const spec = specOf(route);
    const url = subst(r.url, spec.params?.(w) ?? {});
    for (const m of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', ...(r.method === 'GET' ? ['POST'] : ['GET'])]) {
      for (const p of ['anonymous', 'admin', 'feed'] as P[]) {
        await send(p, m, url, { route, phase: 'method', headers: { accept: 'text/html', 'x-csrf-token': w.s[p].csrf }, note: m });
        if (m === 'GET' || m === 'HEAD') await send(p, m, url, { route, phase: 'method', payload: '{"a":1}', headers: { 'content-type': 'application/json' }, note: `${m} with body` });
      }
    }
  }
  await w.heal();
}

async function headerPhase() {
  const sample = ['GET /', 'GET /api/v1/stats', 'GET /api/v1/cases', 'GET /api/v1/problems', 'GET /declarations', 'GET /dashboard', 'GET /api/v1/declarations/:no/rating-link', 'POST /api/v1/declarations', 'POST /api/v1/evaluations', 'POST /api/v1/problems', 'GET /r/:token', 'GET /cases/1', 'GET /qa'];
  const variants: [string, Record<string, string | string[]>][] = [
    ['auth empty', { authorization: '' }], ['auth Bearer', { authorization: 'Bearer' }], ['auth Bearer space', { authorization: 'Bearer ' }], ['auth basic', { authorization: 'Basic Zm9vOmJhcg==' }],
    ['auth hlk_', { authorization: 'Bearer hlk_' }], ['auth hlk_1_', { authorization: 'Bearer hlk_1_' }], ['auth hlk huge id', { authorization: 'Bearer hlk_99999999999999999999_abc' }],
    ['auth hlk neg', { authorization: 'Bearer hlk_-1_abc' }], ['auth hlk nan', { authorization: 'Bearer hlk_abc_def' }], ['auth hlk 1e3', { authorization: 'Bearer hlk_1e3_x' }],
    ['auth hlk unicode', { authorization: 'Bearer hlk_1_Đ😀' }], ['auth long', { authorization: `Bearer ${long(20000)}` }], ['auth lower bearer', { authorization: `bearer ${w.keys.feed}` }],
    ['auth double', { authorization: `Bearer ${w.keys.feed} ${w.keys.vendor}` }], ['auth hlk 0', { authorization: 'Bearer hlk_0_x' }], ['auth hlk extra _', { authorization: 'Bearer hlk_1_a_b_c' }],
    ['auth proto', { authorization: 'Bearer hlk___proto___x' }], ['auth hlk 1.5', { authorization: 'Bearer hlk_1.5_x' }],
    ['cookie garbage', { cookie: 'hl_session=garbage' }], ['cookie long', { cookie: `hl_session=${long(5000)}` }], ['cookie unicode', { cookie: 'hl_session=%E2%80%AE%FF' }],
    ['cookie bad escape', { cookie: 'hl_session=%zz; lang=%zz' }], ['cookie lang weird', { cookie: 'lang=__proto__' }], ['cookie lang long', { cookie: `lang=${long(5000)}` }],
    ['cookie anon long', { cookie: `hl_anon=${long(101)}` }], ['cookie dup', { cookie: 'hl_session=a; hl_session=b' }], ['cookie empty', { cookie: '' }], ['cookie ;;;', { cookie: ';;;=;=' }],
    ['accept weird', { accept: 'text/html;q=abc, */*;q=' }], ['accept long', { accept: long(5000) }], ['accept-language', { 'accept-language': 'vi-VN,vi;q=0.9,en;q=abc,' + long(1000) }],
    ['accept-language proto', { 'accept-language': '__proto__' }], ['idempotency long', { 'idempotency-key': long(5000) }], ['idempotency unicode', { 'idempotency-key': 'Đ😀' }],
    ['idempotency empty', { 'idempotency-key': '' }], ['x-forwarded-for', { 'x-forwarded-for': 'garbage, ::1, 999.1.1.1' }], ['host weird', { host: 'evil.example:99999' }],
    ['x-csrf array', { 'x-csrf-token': ['a', 'b'] }], ['x-csrf long', { 'x-csrf-token': long(10000) }], ['x-forwarded-proto', { 'x-forwarded-proto': 'https' }],
  ];
  for (const route of sample) {
    const [method, pattern] = route.split(' ') as [string, string];
    const spec = specs[route] ?? {};
    const url = pattern.includes(':') ? subst(pattern, spec.params?.(w) ?? {}) : pattern;
    const payload = method === 'POST' ? JSON.stringify(spec.template?.(w) ?? {}) : undefined;
    for (const [note, headers] of variants) {
      for (const p of principals) {
        await send(p, method, url, { route: specs[route] ? route : `GET ${pattern}`, phase: 'headers', note, payload, headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } });
      }
    }
    await w.heal();
  }
}

async function rawUrlPhase() {
  const urls = [
    '//', '///admin', '/./', '/../', '/%2e%2e/', '/admin/', '/admin//users', '/api/v1/stats/', '/API/V1/STATS', '/api/v1/stats;x', '/api/v1/stats?%', '/api/v1/stats?&&&',
    '/api/v1/stats?=', '/api/v1/stats?==&=', '/%', '/%zz', '/%00', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e%2fpackage.json', '/assets/../package.json',
    '/assets/app.css%00', '/assets/app.css/', '/assets/APP.CSS', `/${long(10000)}`, `/declarations/${long(100000)}`, `/declarations?q=${long(100000)}`,
    '/declarations/%F0%9F%98%80', '/r/%00/qr.svg', '/r/..%2F..%2F/qr.svg', '/cases/1/%2e%2e', '/cases/1%2F2', '/qa/1?lang=vi&lang=en', '/?lang=vi&lang=en', '/login?next=%00',
    '/login?next=//evil.example', '/login?next=/%5Cevil.example', '/login?next=https:evil.example', '/login?done=x&next=' + long(3000),
    '/healthz?x=%FF', '/api/openapi.json?x', '/api/docs?lang=en', '/favicon.ico', '/robots.txt', '/api', '/api/v1', '/api/v2/stats',
    '/assets/constructor', '/assets/__proto__', '/assets/toString', '/assets/hasOwnProperty', '/assets/valueOf', '/assets/isPrototypeOf', '/assets/propertyIsEnumerable', '/assets/toLocaleString', '/assets/__defineGetter__',
  ];
  for (const url of urls) {
    for (const p of principals) {
      await send(p, 'GET', url, { route: 'RAW', phase: 'rawurl', headers: { accept: 'text/html' }, note: url.slice(0, 60) });
      await send(p, 'GET', url, { route: 'RAW', phase: 'rawurl', headers: { accept: 'application/json' }, note: url.slice(0, 60) });
    }
  }
  await w.heal();
}

/** Field-level fuzz of the feed's declaration items (each should be rejected with a code, never a 500). */
async function feedPhase() {
  const base = (n: number): Record<string, unknown> => ({
    declarationNo: `10${String(n).padStart(10, '0')}`, kind: 'import', typeCode: 'A11', officeCode: '03CC', declarantTaxCode: '0200123457',
    declarantName: 'Công ty', registeredAt: '2020-04-01T08:30:00+07:00', clearedAt: '2020-04-01T10:15:00+07:00', channel: 1,
    handlers: [{ step: 'reception', officerCode: 'CC001' }],
  });
  const bad: Record<string, unknown[]> = {
    declarationNo: ['', ' ', '1', '1000000000001 ', '10000000000x', 'Đ00000000000', '１０００００００００１２', '100000000001\u0000', long(31), long(5000), 123456789012, null, ['x'], {}, 'HS/'],
    kind: ['', 'IMPORT', 'x', 'dossier', 'export', null, 1, '__proto__'],
    typeCode: ['', ' ', 'Đ', long(11), long(5000), null, 11, 'A11\u0000', 'constructor'],
    officeCode: ['', 'nope', '03CC-T1', 'HP', '03cc', long(5000), null, 5, 'toString', '__proto__'],
    declarantTaxCode: ['', '0200123458', '0200123457-', '0200123457-00', '0200123457-001', '0200123457-0001', '02001234570', 'abcdefghij', long(5000), null, 200123457, '0000000000', '9999999999'],
    declarantName: ['', ' ', long(301), long(300, 'Đ'), null, 5, '\u0000', '😀'.repeat(150), '😀'.repeat(151)],
    registeredAt: ['', 'x', '2020-02-30T08:00:00', '2020-02-29T24:00:00', '2020-04-01T25:00:00', '2020-04-01T08:60:00', '2020-04-01T08:00:60', '2020-04-01T08:00:00+25:00', '2020-04-01T08:00:00+07:00[Asia/Saigon]',
      '30/02/2020 08:00', '31/04/2020 08:00', '01/13/2020 08:00', '1/4/2020 8:00', '01/04/2020 08:00:99', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z', '1900-01-01T00:00:00', '2100-01-01T00:00:00', '2020-04-01', '2020-04-01T08:00:00.123456789Z', '2020-04-01T08:00:00,5Z', '2020-W14-3T08:00', '2020-092T08:00',
      '20200401T080000Z', '2020-04-01 08:00:00', '2020-04-01T08:00:00z', '2020-04-01T08:00:00-00:00', '2020-04-01T08:00Z', '2020-04-01T08Z', String(Date.now()), Date.now(), null, [], {}, long(5000)],
    clearedAt: ['', 'x', '2020-02-30T08:00:00', '2020-03-31T08:00:00+07:00', '2020-04-01T08:29:59+07:00', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', null, 0, [], '31/04/2020 08:00', long(5000)],
    channel: ['', '0', '4', '1.0', 1.5, 0, 4, -1, 1e308, 'xanh', 'XANH', 'vàng', 'vang', 'đỏ', 'do', 'green', 'GREEN', 'Xanh', ' 1', 'rouge', null, [], {}, true],
    handlers: [null, [], {}, 'reception:CC001', [null], [1], [{}], [{ step: 'reception' }], [{ officerCode: 'CC001' }], [{ step: 'x', officerCode: 'CC001' }], [{ step: 'reception', officerCode: 'NOPE' }],
      [{ step: 'reception', officerCode: '' }], [{ step: 'reception', officerCode: long(41) }], [{ step: 'reception', officerCode: 'EE001' }], [{ step: 'reception', officerCode: 'TR001' }],
      [{ step: 'reception', officerCode: 'CC001' }, { step: 'reception', officerCode: 'CC001' }], Array.from({ length: 500 }, () => ({ step: 'reception', officerCode: 'CC001' })),
      [{ step: '__proto__', officerCode: 'CC001' }], [{ step: 'reception', officerCode: 'CC001', extra: 1 }], [{ step: 'reception', officerCode: 'cc001' }], [{ step: 'reception', officerCode: 'toString' }]],
  };
  let n = 5000;
  const items: [string, Record<string, unknown>][] = [];
  for (const [field, values] of Object.entries(bad)) {
    for (const v of values) {
      const item = base(n++);
      item[field] = v;
      items.push([`${field}=${JSON.stringify(v)?.slice(0, 40)}`, item]);
    }
    const dropped = base(n++);
    delete dropped[field];
    items.push([`drop ${field}`, dropped]);
  }
  // each alone, then all in one batch (twice: repeated import must be unchanged or rejected)
  for (const [note, item] of items) {
    const res = await send('feed', 'POST', '/api/v1/declarations', { route: 'POST /api/v1/declarations', phase: 'feed-item', payload: JSON.stringify({ declarations: [item] }), headers: { 'content-type': 'application/json' }, note });
    if (res && res.statusCode === 200) {
      const r = res.json<{ results: { status: string; code?: string; message?: unknown }[] }>().results[0];
      if (r && r.status !== 'rejected') appendFileSync(`${outDir}/feed-accepted.jsonl`, JSON.stringify({ note, item, result: r }) + '\n');
    }
  }
  const all = items.map(([, i]) => i);
  for (let k = 0; k < 2; k++) await send('feed', 'POST', '/api/v1/declarations', { route: 'POST /api/v1/declarations', phase: 'feed-batch', payload: JSON.stringify({ declarations: all }), headers: { 'content-type': 'application/json' }, note: `batch ${all.length} #${k}` });
  // same number twice in a batch, changed content; an update of declaration 1 moving office / declarant / handlers
  const dup = base(9000);
  await send('feed', 'POST', '/api/v1/declarations', { route: 'POST /api/v1/declarations', phase: 'feed-batch', payload: JSON.stringify({ declarations: [dup, { ...dup, channel: 2 }, dup] }), headers: { 'content-type': 'application/json' }, note: 'duplicate in batch' });
  const one = { ...base(1), declarationNo: '100000000001' };
  for (const change of [{ officeCode: '03EE' }, { declarantTaxCode: '0301234562' }, { clearedAt: null }, { handlers: [] }, { kind: 'export', declarationNo: '100000000001' }, { registeredAt: '2020-05-01T08:00:00+07:00', clearedAt: '2020-04-01T08:00:00+07:00' }]) {
    await send('feed', 'POST', '/api/v1/declarations', { route: 'POST /api/v1/declarations', phase: 'feed-update', payload: JSON.stringify({ declarations: [{ ...one, ...change }] }), headers: { 'content-type': 'application/json' }, note: JSON.stringify(change) });
  }
  // the rated recent declaration (10) updated by the feed: cleared later / uncleared / moved office
  const recent = { ...base(10), declarationNo: w.recentNo, registeredAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), clearedAt: new Date(Date.now() - 2 * 86_400_000 + 3_600_000).toISOString() };
  for (const change of [{ clearedAt: null }, { officeCode: '03EE', handlers: [{ step: 'reception', officerCode: 'EE001' }] }, { declarantTaxCode: '0301234562' }, { kind: 'dossier', channel: null, typeCode: '' }]) {
    await send('feed', 'POST', '/api/v1/declarations', { route: 'POST /api/v1/declarations', phase: 'feed-update', payload: JSON.stringify({ declarations: [{ ...recent, ...change }] }), headers: { 'content-type': 'application/json' }, note: `recent ${JSON.stringify(change)}` });
  }
  // restore it
  await send('feed', 'POST', '/api/v1/declarations', { route: 'POST /api/v1/declarations', phase: 'feed-update', payload: JSON.stringify({ declarations: [{ ...recent, handlers: [{ step: 'reception', officerCode: 'CC001' }, { step: 'physical_inspection', officerCode: 'CC002' }] }] }), headers: { 'content-type': 'application/json' }, note: 'restore recent' });
}

/** Field-level fuzz of POST /api/v1/evaluations (vendor) and the rating forms. */
async function evaluationPhase() {
  const t = w.token;
  const bodies: [string, unknown][] = [];
  const levels = [0, 6, -1, 1.5, 2.0000001, 1e308, -1e308, '3', null, true, [], {}, 3];
  for (const l of levels) bodies.push([`overall=${JSON.stringify(l)}`, { token: t, overall: l, reasons: ['delay'] }]);
  for (const l of levels) bodies.push([`target level=${JSON.stringify(l)}`, { token: t, overall: 4, targets: [{ type: 'officer', code: 'CC001', level: l }], reasons: ['delay'] }]);
  const targets: unknown[] = [[{ type: 'officer', code: 'NOPE', level: 4 }], [{ type: 'team', code: '03CC-T1', level: 4 }], [{ type: 'team', code: '03EE-T1', level: 4 }], [{ type: 'office', code: '03CC', level: 4 }],
    [{ type: 'office', code: 'HP', level: 4 }], [{ type: 'step', code: 'reception', level: 4 }], [{ type: 'step', code: 'nope', level: 4 }], [{ type: 'step', code: '__proto__', level: 4 }],
    [{ type: 'officer', code: 'toString', level: 4 }], [{ type: 'officer', code: 'CC001', level: 4 }, { type: 'officer', code: 'CC001', level: 5 }], [{ type: 'x', code: 'CC001', level: 4 }],
    Array.from({ length: 50 }, () => ({ type: 'officer', code: 'CC001', level: 4 })), Array.from({ length: 51 }, () => ({ type: 'officer', code: 'CC001', level: 4 })), [null], [1], 'x', {}];
  for (const tg of targets) bodies.push([`targets=${JSON.stringify(tg).slice(0, 50)}`, { token: t, overall: 4, targets: tg }]);
  const reasons: unknown[] = [[], ['nope'], ['delay', 'delay'], ['__proto__'], ['constructor'], ['toString'], Array.from({ length: 20 }, () => 'delay'), Array.from({ length: 21 }, () => 'delay'), [null], [1], 'delay', {}, [long(41)]];
  for (const r of reasons) bodies.push([`reasons=${JSON.stringify(r).slice(0, 50)}`, { token: t, overall: 2, reasons: r }]);
  const comments: unknown[] = ['', long(2000), long(2001), long(2000, 'Đ'), '😀'.repeat(1000), '😀'.repeat(1001), '\u0000', null, 5, [], {}, '\ud800'];
  for (const c of comments) bodies.push([`comment=${JSON.stringify(c)?.slice(0, 30)}`, { token: t, overall: 5, comment: c }]);
  const tokens: unknown[] = ['', 'x', '.', '..', 'a.b', w.token1, `${t}x`, `x${t}`, t.toUpperCase(), t.replace('.', '..'), long(200), long(201), null, 1, [], {}, 'MTAwMDAwMDAwMDEw.', '.MTAw', 'bm9wZQ.abc', `${Buffer.from(long(150)).toString('base64url')}.x`, Buffer.from('100000000001\u0000').toString('base64url') + '.x', '%00', 'Đ😀'];
  for (const tk of tokens) bodies.push([`token=${JSON.stringify(tk)?.slice(0, 40)}`, { token: tk, overall: 5 }]);
  bodies.push(['no token', { overall: 5 }], ['no overall', { token: t }], ['array body', [{ token: t, overall: 5 }]], ['null body', null]);
  for (const [note, body] of bodies) {
    await send('vendor', 'POST', '/api/v1/evaluations', { route: 'POST /api/v1/evaluations', phase: 'eval', payload: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'application/json' }, note });
  }
  // idempotency keys
  for (const key of ['k1', 'k1', long(200), long(201), 'Đ', ' ', '\t', long(5000)]) {
    await send('vendor', 'POST', '/api/v1/evaluations', { route: 'POST /api/v1/evaluations', phase: 'eval-idem', payload: JSON.stringify({ token: t, overall: 4 }), headers: { 'content-type': 'application/json', 'idempotency-key': key }, note: `idem ${key.slice(0, 20)}` });
  }
  await send('vendor', 'POST', '/api/v1/evaluations', { route: 'POST /api/v1/evaluations', phase: 'eval-idem', payload: JSON.stringify({ token: t, overall: 5 }), headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' }, note: 'idem reused other body' });
  // rating forms: link page and portal
  const formFields: [string, Record<string, unknown>][] = [
    ['overall empty', { overall: '' }], ['overall 9', { overall: '9' }], ['overall x', { overall: 'x' }], ['overall 2 no reasons', { overall: '2' }], ['overall arr', { overall: ['1', '2'] }],
    ['level_officer_NOPE', { overall: '4', level_officer_NOPE: '4' }], ['level_team_x', { overall: '4', level_team_03EE: '4' }], ['level_step_x', { overall: '4', level_step___proto__: '4' }],
    ['level___proto__', { overall: '4', __proto__x: '4', level_office: 'x' }], ['level_office 0', { overall: '4', level_office: '0' }], ['level_ only', { overall: '4', level_: '4' }],
    ['level_officer_ empty code', { overall: '4', level_officer_: '4' }], ['reasons nope', { overall: '2', reasons: 'nope' }], ['reasons many', { overall: '2', reasons: Array.from({ length: 15 }, () => 'delay') }],
    ['comment long', { overall: '5', comment: long(8001) }], ['comment 2001', { overall: '5', comment: long(2001) }], ['121 props', { overall: '5', ...Object.fromEntries(Array.from({ length: 121 }, (_, i) => [`level_officer_X${i}`, '4'])) }],
    ['constructor field', { overall: '5', constructor: '1' }], ['toString field', { overall: '5', toString: '1' }],
  ];
  for (const [note, body] of formFields) {
    await post('anonymous', `/r/${w.token}`, 'POST /r/:token', 'rating-form', 'form', body, { note });
    await post('business', `/declarations/${w.recentNo}/rate`, 'POST /declarations/:no/rate', 'rating-form', 'form', body, { note });
  }
  for (const [note, body] of [['answer x', { answer: 'x' }], ['answer accept', { answer: 'accept' }], ['dispute no reason', { answer: 'dispute' }], ['dispute long', { answer: 'dispute', reason: long(4001) }], ['answer arr', { answer: ['accept', 'dispute'] }]] as [string, Record<string, unknown>][]) {
    await post('anonymous', `/r/${w.token}/answer`, 'POST /r/:token/answer', 'rating-form', 'form', body, { note });
    await post('business', `/declarations/${w.recentNo}/rate/answer`, 'POST /declarations/:no/rate/answer', 'rating-form', 'form', body, { note });
    await post('vendor', '/api/v1/cases/answer', 'POST /api/v1/cases/answer', 'rating-form', 'json', { token: w.token, ...body }, { note });
  }
}

/** Case workflow and problem workflow driven with odd inputs by the actors that may act. */
async function workflowPhase() {
  const transitions = ['acknowledge', 'verify', 'conclude', 'respond'];
  const inputs: [string, Record<string, unknown>][] = [
    ['empty', {}], ['conclude full', { finding: 'violation_confirmed', categories: ['delay'], officers: ['CC001'], action: 'discipline', actionDetails: 'x' }],
    ['officers unknown', { finding: 'partly', categories: ['delay'], officers: ['NOPE', '__proto__'], action: 'none' }], ['officers 21', { officers: Array.from({ length: 21 }, () => 'CC001') }],
    ['categories dup', { finding: 'partly', categories: ['delay', 'delay'], officers: ['CC001'], action: 'none' }], ['categories empty', { finding: 'partly', categories: [], officers: [], action: 'none' }],
    ['action details missing', { finding: 'partly', categories: ['delay'], officers: ['CC001'], action: 'criticism' }], ['response empty', { response: '' }], ['response', { response: 'Trả lời' }],
    ['response long', { response: long(4001) }], ['null fields', { finding: null, categories: null, officers: null }], ['officers EE001', { finding: 'partly', categories: ['delay'], officers: ['EE001'], action: 'none' }],
  ];
  for (const p of ['inspector', 'leader', 'admin'] as P[]) {
    for (const tr of transitions) for (const [note, body] of inputs) {
      await post(p, `/api/v1/cases/1/${tr}`, 'POST /api/v1/cases/:id/:transition', 'workflow', 'json', body, { note: `${tr} ${note}` });
      const form: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body)) form[k] = Array.isArray(v) ? v : v === null ? '' : v;
      await post(p, `/cases/1/${tr}`, 'POST /cases/:id/:transition', 'workflow', 'form', form, { note: `${tr} ${note}` });
    }
  }
  for (const [note, body] of [['accept', { answer: 'accept' }], ['dispute', { answer: 'dispute', reason: 'không đồng ý' }], ['dispute empty', { answer: 'dispute', reason: '' }]] as [string, Record<string, unknown>][]) {
    await post('business', `/declarations/${w.recentNo}/rate/answer`, 'POST /declarations/:no/rate/answer', 'workflow', 'form', body, { note });
    await post('vendor', '/api/v1/cases/answer', 'POST /api/v1/cases/answer', 'workflow', 'json', { token: w.token, ...body }, { note });
  }
  for (const tr of transitions) await post('inspector', `/api/v1/cases/1/${tr}`, 'POST /api/v1/cases/:id/:transition', 'workflow', 'json', inputs[1]![1], { note: `again ${tr}` });
  // problems: draft/approve/return/publish/rating in odd orders
  const steps: [P, string, Record<string, unknown>][] = [
    ['officer', 'draft', { answer: '' }], ['officer', 'draft', { answer: long(8001) }], ['leader', 'approve', {}], ['leader', 'return', {}], ['officer', 'draft', { answer: 'Trả lời' }],
    ['leader', 'draft', { answer: 'Trả lời 2' }], ['business', 'rating', { rating: '9' }], ['leader', 'approve', {}], ['leader', 'approve', {}], ['leader', 'return', {}],
    ['business', 'rating', { rating: '' }], ['business', 'rating', { rating: 'x' }], ['business', 'rating', { rating: '0' }], ['business', 'rating', { rating: '-1' }], ['business', 'rating', { rating: '1.5' }],
    ['business', 'rating', { rating: '5', comment: long(2001) }], ['business', 'rating', { rating: '5' }], ['business', 'rating', { rating: '4' }],
    ['admin', 'publish', { question: '', answer: '' }], ['admin', 'publish', { question: 'Hỏi', answer: 'Đáp', topic: 'nope' }], ['admin', 'publish', { question: long(8001), answer: 'x' }],
    ['admin', 'publish', { question: 'Hỏi Đáp', answer: 'Đáp án', topic: 'origin' }], ['leader', 'publish', { question: 'Hỏi lại', answer: 'Đáp' }], ['admin', 'unpublish', {}], ['admin', 'unpublish', {}], ['admin', 'publish', { question: 'Hỏi 3', answer: 'Đáp 3' }],
  ];
  for (const id of ['1', '2', '3']) for (const [p, step, body] of steps) await post(p, `/problems/${id}/${step}`, `POST /problems/:id/${step}`, 'workflow', 'form', body, { note: `${id} ${step} ${JSON.stringify(body).slice(0, 40)}` });
  for (const [note, body] of [['rating 0', { rating: 0 }], ['rating 6', { rating: 6 }], ['rating "5"', { rating: '5' }], ['rating 5', { rating: 5 }], ['rating 1.5', { rating: 1.5 }], ['token other', { token: w.token1, rating: 5 }]] as [string, Record<string, unknown>][]) {
    await post('vendor', '/api/v1/problems/2/rating', 'POST /api/v1/problems/:id/rating', 'workflow', 'json', { token: w.token, ...body }, { note });
    await post('business', '/api/v1/problems/1/rating', 'POST /api/v1/problems/:id/rating', 'workflow', 'json', body, { note });
  }
  // QA search oddities
  for (const q of ['%', '_', '\\', '"', "'", '*', '(', ')', 'AND', 'OR', 'NOT', 'NEAR', '"unterminated', 'a OR', '-', '^', ':', 'hỏi đáp', 'HOI DAP', 'đ', long(200), long(200, 'Đ'), '😀', '\u0000', 'a*b', '{}', '[]', 'select', '%25%25']) {
    await send('anonymous', 'GET', `/api/v1/qa?q=${encodeURIComponent(q)}`, { route: 'GET /api/v1/qa', phase: 'qa', headers: { accept: 'application/json' }, note: q.slice(0, 20) });
    await send('anonymous', 'GET', `/qa?q=${encodeURIComponent(q)}`, { route: 'GET /qa', phase: 'qa', headers: { accept: 'text/html' }, note: q.slice(0, 20) });
    await send('admin', 'GET', `/units?q=${encodeURIComponent(q)}`, { route: 'GET /units', phase: 'qa', headers: { accept: 'text/html' }, note: q.slice(0, 20) });
    await send('admin', 'GET', `/officers?q=${encodeURIComponent(q)}`, { route: 'GET /officers', phase: 'qa', headers: { accept: 'text/html' }, note: q.slice(0, 20) });
    await send('admin', 'GET', `/partnership/agreements?q=${encodeURIComponent(q)}`, { route: 'GET /partnership/agreements', phase: 'qa', headers: { accept: 'text/html' }, note: q.slice(0, 20) });
    await send('admin', 'GET', `/admin/audit?actor=${encodeURIComponent(q)}&entity=${encodeURIComponent(q.slice(0, 40))}`, { route: 'GET /admin/audit', phase: 'qa', headers: { accept: 'text/html' }, note: q.slice(0, 20) });
  }
  await w.heal();
}

/** Multipart fuzz of the two upload routes. */
async function multipartPhase() {
  const b = 'mpB';
  const part = (name: string, value: string | Buffer, filename?: string, ctype?: string) => Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n${ctype ? `Content-Type: ${ctype}\r\n` : ''}\r\n`), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\r\n')]);
  const end = Buffer.from(`--${b}--\r\n`);
  const png = Buffer.from('89504E470D0A1A0A0000000D4948445200000001000000010806000000', 'hex');
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  for (const p of ['business', 'admin', 'anonymous'] as P[]) {
    const csrf = part('_csrf', w.s[p].csrf);
    const cases: [string, Buffer][] = [
      ['ok png', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', png, 'a.png', 'image/png'), end])],
      ['exe', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', Buffer.from('MZ\x90\x00'), 'a.exe'), end])],
      ['empty file', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', Buffer.alloc(0), 'a.png'), end])],
      ['no filename', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', png, ''), end])],
      ['6 files', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), ...Array.from({ length: 6 }, (_, i) => part('attachments', png, `a${i}.png`)), end])],
      ['21 files', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), ...Array.from({ length: 21 }, (_, i) => part('attachments', png, `a${i}.png`)), end])],
      ['41 parts', Buffer.concat([csrf, ...Array.from({ length: 41 }, (_, i) => part(`f${i}`, 'x')), end])],
      ['big field', Buffer.concat([csrf, part('topic', 'other'), part('question', long(70000)), end])],
      ['11 MB file', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024)]), 'big.png'), end])],
      ['file in question field', Buffer.concat([csrf, part('topic', 'other'), part('question', png, 'q.png'), end])],
      ['file in _csrf field', Buffer.concat([part('_csrf', png, 'c.png'), part('topic', 'other'), part('question', 'Q'), end])],
      ['file in topic', Buffer.concat([csrf, part('topic', pdf, 't.pdf'), part('question', 'Q'), end])],
      ['path filename', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', png, '../../../etc/passwd'), end])],
      ['unicode filename', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', png, 'Đơn 😀.png'), end])],
      ['long filename', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', png, long(5000) + '.png'), end])],
      ['NUL filename', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('attachments', png, 'a\u0000.png'), end])],
      ['dup fields', Buffer.concat([csrf, part('topic', 'other'), part('topic', 'origin'), part('question', 'Q'), part('question', 'R'), end])],
      ['__proto__ field', Buffer.concat([csrf, part('__proto__', 'x'), part('topic', 'other'), part('question', 'Q'), end])],
      ['constructor field', Buffer.concat([csrf, part('constructor', 'x'), part('topic', 'other'), part('question', 'Q'), end])],
      ['no end', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q')])],
      ['truncated file', Buffer.concat([csrf, part('topic', 'other'), Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="attachments"; filename="x.png"\r\n\r\n`), png])],
      ['bad header', Buffer.concat([csrf, Buffer.from(`--${b}\r\nContent-Disposition: garbage\r\n\r\nx\r\n`), end])],
      ['no headers', Buffer.concat([csrf, Buffer.from(`--${b}\r\n\r\nx\r\n`), end])],
      ['empty', Buffer.alloc(0)], ['only end', end], ['garbage', Buffer.from('garbage garbage')],
      ['declarationNo unknown', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('declarationNo', '999999999999'), end])],
      ['declarationNo other biz', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('declarationNo', '100000000001'), part('taxCode', '0301234562'), end])],
      ['taxCode odd', Buffer.concat([csrf, part('topic', 'other'), part('question', 'Q'), part('taxCode', long(100)), end])],
      ['scan ok', Buffer.concat([csrf, part('scan', pdf, 's.pdf', 'application/pdf'), end])],
      ['scan not pdf', Buffer.concat([csrf, part('scan', png, 's.pdf'), end])],
      ['scan empty', Buffer.concat([csrf, part('scan', Buffer.alloc(0), ''), end])],
      ['scan 2 files', Buffer.concat([csrf, part('scan', pdf, 's.pdf'), part('scan', pdf, 't.pdf'), end])],
      ['scan as field', Buffer.concat([csrf, part('scan', '%PDF-1.4'), end])],
      ['scan 11MB', Buffer.concat([csrf, part('scan', Buffer.concat([pdf, Buffer.alloc(11 * 1024 * 1024)]), 's.pdf'), end])],
      ['scan 7 parts', Buffer.concat([csrf, ...Array.from({ length: 7 }, (_, i) => part(`f${i}`, 'x')), end])],
      ['scan other field file', Buffer.concat([csrf, part('other', pdf, 's.pdf'), end])],
      ['csrf after file', Buffer.concat([part('scan', pdf, 's.pdf'), csrf, end])],
    ];
    for (const [note, payload] of cases) {
      for (const [url, route] of [['/problems', 'POST /problems'], ['/partnership/agreements/1/scan', 'POST /partnership/agreements/:id/scan'], ['/api/v1/problems', 'POST /api/v1/problems'], ['/problems/1/draft', 'POST /problems/:id/draft'], ['/admin/settings', 'POST /admin/settings']]) {
        await send(p, 'POST', url!, { route: route!, phase: 'multipart', payload, headers: { accept: 'text/html', 'content-type': `multipart/form-data; boundary=${b}` }, note });
      }
    }
    await w.heal();
  }
}

async function logoutPhase() {
  for (const p of principals) {
    await post(p, '/logout', 'POST /logout', 'logout', 'form', {}, { note: 'ok' });
    await post(p, '/logout', 'POST /logout', 'logout', 'form', {}, { csrf: null, note: 'no csrf' });
    await post(p, '/logout', 'POST /logout', 'logout', 'json', {}, { note: 'json' });
    await send(p, 'POST', '/logout', { route: 'POST /logout', phase: 'logout', payload: 'garbage', headers: { 'content-type': 'text/plain' }, note: 'text' });
    await w.heal();
  }
}

const phases: [string, () => Promise<void>][] = [
  ['baseline', baseline], ['rawurl', rawUrlPhase], ['method', methodPhase], ['headers', headerPhase], ['params', paramsPhase], ['query', queryPhase],
  ['feed', feedPhase], ['eval', evaluationPhase], ['workflow', workflowPhase], ['multipart', multipartPhase], ['body', bodyPhase], ['ctype', contentTypePhase], ['logout', logoutPhase],
];

const w = await buildFuzzWorld(dialect, {});
const t0 = Date.now();
for (const [name, run] of phases) {
  if (!phaseOn(name)) continue;
  const before = count;
  const started = Date.now();
  try {
    await run();
  } catch (e) {
    console.log(`phase ${name} crashed: ${(e as Error).stack}`);
  }
  console.log(`phase ${name}: ${count - before} requests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  slowest.sort((a, b) => b.ms - a.ms); slowest.length = Math.min(slowest.length, 20);
  writeFileSync(statsFile, JSON.stringify({ count, slowest, coverage }, null, 1));
}
console.log(`total ${count} requests in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
// Leave the database for the integrity check.
const { integrityCheck } = await import('./integrity.js');
await integrityCheck(w, outDir);
await w.app.close();
await w.drop();
void shapeIssues;
