import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import type { Mail, Mailer } from '../../src/mail/mailer.js';

/** A config for tests: its own data folder, a fixed secret, overrides from the caller. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hailong-app-')), SECRET_KEY: 'k'.repeat(40), LOG_LEVEL: 'silent', ...env });
}

/** A mailer that keeps what it would send. */
export function memoryMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { sent, async send(mail) { sent.push(mail); } };
}

export async function testApp(db: Db, options: { env?: Record<string, string>; mailer?: Mailer } = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig(options.env), db, logger: false, mailer: options.mailer ?? memoryMailer() });
}

/** A browser-like client over inject(): keeps cookies between requests. */
export class Client {
  private readonly cookies = new Map<string, string>();
  /** With an API key, every request carries `Authorization: Bearer <key>` (and no cookies matter). */
  constructor(private readonly app: FastifyInstance, private readonly apiKey?: string) {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>, accept = 'text/html'): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      method, url,
      headers: {
        accept, ...(cookie ? { cookie } : {}), ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  /** A JSON request, as an API client or a page script would send it (with the CSRF header when signed in). */
  async json(method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.has('hl_session') ? await this.csrfFrom('/login') : undefined;
    return this.app.inject({
      method, url, payload: JSON.stringify(body),
      headers: {
        'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
      },
    });
  }

  /** A POST with a body already encoded (a multipart upload), sent with the cookies like a browser form. */
  async upload(url: string, payload: Buffer, contentType: string): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return this.app.inject({ method: 'POST', url, payload, headers: { accept: 'text/html', 'content-type': contentType, ...(cookie ? { cookie } : {}) } });
  }

  get(url: string) {
    return this.request('GET', url);
  }

  /** Reads the page's CSRF token from its form, as a browser would submit it. */
  async csrfFrom(url: string): Promise<string> {
    const page = await this.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${url} (${page.statusCode})`);
    return token;
  }

  async post(url: string, form: Record<string, string>, csrfPage?: string) {
    const token = csrfPage ? await this.csrfFrom(csrfPage) : undefined;
    return this.request('POST', url, token ? { _csrf: token, ...form } : form);
  }

  async signIn(username: string, password: string) {
    return this.post('/login', { username, password }, '/login');
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}
