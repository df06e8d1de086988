import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The environment, read once at boot into a typed, frozen object. Every bad variable is reported
 * at once (ConfigError.problems), so an operator fixes them in one go. Nothing else reads process.env.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly secretKey: string;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  /** Public base URL used in links sent to businesses (rating links, e-mails). */
  readonly publicUrl: string;
  /** smtp(s)://user:pass@host:port; unset = e-mails are written to the log. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  /** Failed sign-ins (per account and per address) before a temporary lock-out. */
  readonly loginMaxFailures: number;
  readonly loginLockMinutes: number;
  /** Days after clearance a declaration can be rated (the default of the admin setting). */
  readonly ratingWindowDays: number;
  /** How often the scheduled jobs run (case escalation and closing, the outbox). */
  readonly jobIntervalSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const defaultDatabaseUrl = 'sqlite:./data/hailong.db';

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer 0–65535, got "${raw}"`);
    return 0;
  }
  return port;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    problems.push(`${name} must be a positive integer, got "${raw}"`);
    return fallback;
  }
  return value;
}

function checkDatabaseUrl(url: string, problems: string[]): void {
  if (url.startsWith('sqlite:')) {
    if (url.length <= 'sqlite:'.length) problems.push('DATABASE_URL sqlite: needs a path, e.g. sqlite:./data/hailong.db');
    return;
  }
  if (/^postgres(ql)?:\/\/.+/.test(url)) return;
  problems.push(`DATABASE_URL must be sqlite:PATH or postgres://…, got "${url}"`);
}

/** Reads SECRET_KEY, or the key persisted in DATA_DIR, or makes and persists a new one (mode 600). */
function resolveSecretKey(raw: string | undefined, dataDir: string, problems: string[]): string {
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) problems.push('SECRET_KEY must be at least 32 characters');
    return raw;
  }
  const file = resolve(dataDir, 'secret.key');
  // A truncated or emptied key file must not silently become a weak (or empty) key.
  const readPersisted = (): string => {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < 32) problems.push(`${file} holds no valid key (under 32 characters): set SECRET_KEY or remove the file`);
    return key;
  };
  if (existsSync(file)) return readPersisted();
  try {
    mkdirSync(dirname(file), { recursive: true });
    const key = randomBytes(32).toString('base64url');
    writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  } catch (error) {
    if (existsSync(file)) return readPersisted();
    problems.push(`SECRET_KEY is unset and ${file} cannot be written: ${(error as Error).message}`);
    return '';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL || defaultDatabaseUrl;
  checkDatabaseUrl(databaseUrl, problems);
  const host = env.HOST || '127.0.0.1';
  const port = parsePort(env.PORT, problems);
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`);
  const dataDir = resolve(env.DATA_DIR || './data');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl)) problems.push(`PUBLIC_URL must be an http(s) URL, got "${env.PUBLIC_URL}"`);
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) problems.push('SMTP_URL must be smtp://… or smtps://…');
  const mailFrom = env.MAIL_FROM || 'hailong@localhost';
  const sessionIdleMinutes = positiveInt(env, 'SESSION_IDLE_MINUTES', 30, problems);
  const sessionMaxHours = positiveInt(env, 'SESSION_MAX_HOURS', 12, problems);
  const loginMaxFailures = positiveInt(env, 'LOGIN_MAX_FAILURES', 5, problems);
  const loginLockMinutes = positiveInt(env, 'LOGIN_LOCK_MINUTES', 15, problems);
  const ratingWindowDays = positiveInt(env, 'RATING_WINDOW_DAYS', 30, problems);
  const jobIntervalSeconds = positiveInt(env, 'JOB_INTERVAL_SECONDS', 60, problems);
  const secretGiven = env.SECRET_KEY !== undefined && env.SECRET_KEY !== '';
  // Persisting a generated key is a side effect: only do it when the rest of the config is sound.
  const secretKey =
    secretGiven || problems.length === 0 ? resolveSecretKey(env.SECRET_KEY, dataDir, problems) : '';
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    databaseUrl, host, port, secretKey, logLevel, dataDir, publicUrl, smtpUrl, mailFrom,
    sessionIdleMinutes, sessionMaxHours, loginMaxFailures, loginLockMinutes, ratingWindowDays, jobIntervalSeconds,
  });
}
