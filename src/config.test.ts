import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

let dataDir: string;
beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'hailong-config-')); });
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('the configuration was accepted');
}

test('an empty environment gives the documented defaults', () => {
  const config = loadConfig({ DATA_DIR: dataDir });
  assert.equal(config.databaseUrl, 'sqlite:./data/hailong.db');
  assert.equal(config.port, 3000);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.dataDir, dataDir);
});

test('the configuration is frozen', () => {
  const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'k'.repeat(32) });
  assert.ok(Object.isFrozen(config));
  assert.throws(() => { (config as { port: number }).port = 1; });
});

test('every bad variable is reported at once', () => {
  const problems = problemsOf({ DATA_DIR: dataDir, PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /PORT.*"abc"/);
  assert.match(problems.join('\n'), /LOG_LEVEL.*"loud"/);
  assert.match(problems.join('\n'), /DATABASE_URL.*"mysql:\/\/x"/);
});

test('PORT must be an integer from 0 to 65535', () => {
  for (const port of ['abc', '-1', '65536', '80.5', '3e3x']) {
    assert.equal(problemsOf({ DATA_DIR: dataDir, PORT: port }).length, 1, port);
  }
  assert.equal(loadConfig({ DATA_DIR: dataDir, PORT: '8080' }).port, 8080);
});

test('DATABASE_URL is sqlite:PATH or a postgres URL', () => {
  assert.equal(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://u@h/db' }).databaseUrl, 'postgres://u@h/db');
  assert.equal(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl, 'postgresql://u@h/db');
  assert.equal(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'sqlite:/tmp/x.db' }).databaseUrl, 'sqlite:/tmp/x.db');
  assert.equal(problemsOf({ DATA_DIR: dataDir, DATABASE_URL: 'sqlite:' }).length, 1);
  assert.equal(problemsOf({ DATA_DIR: dataDir, DATABASE_URL: '/var/hailong.db' }).length, 1);
});

test('a SECRET_KEY shorter than 32 characters is refused', () => {
  assert.match(problemsOf({ DATA_DIR: dataDir, SECRET_KEY: 'short' })[0]!, /SECRET_KEY/);
});

test('without SECRET_KEY a key is generated once, kept in DATA_DIR/secret.key with mode 600, and reused', () => {
  const first = loadConfig({ DATA_DIR: dataDir });
  const file = join(dataDir, 'secret.key');
  assert.ok(first.secretKey.length >= 32);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file, 'utf8').trim(), first.secretKey);
  assert.equal(loadConfig({ DATA_DIR: dataDir }).secretKey, first.secretKey);
});

test('an emptied or truncated secret.key is reported, never used as a weak key', () => {
  for (const content of ['', '\n', 'short-key\n']) {
    writeFileSync(join(dataDir, 'secret.key'), content, { mode: 0o600 });
    assert.match(problemsOf({ DATA_DIR: dataDir }).join('\n'), /secret\.key holds no valid key/, JSON.stringify(content));
  }
});

test('a given SECRET_KEY is used as is and nothing is written', () => {
  const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 's'.repeat(40) });
  assert.equal(config.secretKey, 's'.repeat(40));
  assert.throws(() => statSync(join(dataDir, 'secret.key')));
});

test('no key file is written when the rest of the configuration is bad', () => {
  problemsOf({ DATA_DIR: dataDir, PORT: 'abc' });
  assert.throws(() => statSync(join(dataDir, 'secret.key')));
});

test('the secret key never appears in the error message', () => {
  const secret = 'do-not-print-'.repeat(3);
  const problems = problemsOf({ DATA_DIR: dataDir, SECRET_KEY: secret, PORT: 'abc' });
  assert.ok(!problems.join('\n').includes(secret));
});
