import { parseArgs } from 'node:util';
import { apiKeyCommand } from './cli/apikey.command.js';
import { calendarCommand } from './cli/calendar.command.js';
import { importCommand, importKinds } from './cli/import.command.js';
import { print, reportFailure, UsageError } from './cli/output.js';
import { statsCommand } from './cli/stats.command.js';
import { userCommand } from './cli/user.command.js';
import { verifyCommand } from './cli/verify.command.js';
import { loadConfig, type Config, type LogLevel } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';

const usage = `hailong — đánh giá sự hài lòng của doanh nghiệp / business satisfaction evaluation

  hailong serve                                   start the web server (migrates first)
  hailong migrate                                 bring the database schema up to date
  hailong import ${importKinds.join('|')} FILE [--json] [--errors FILE]
  hailong apikey create --role feed|vendor --name NAME [--json]
  hailong apikey revoke ID
  hailong apikey list [--json]
  hailong user add --role admin|inspector|leader|officer|business [--unit CODE] [--officer CODE]
                   [--tax-code CODE …] --username U [--email E] [--name NAME] --password-stdin
  hailong calendar add-working-days YYYY-MM-DD N  print the day N working days later
  hailong stats [--unit CODE] [--officer CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--kind K] [--type-code C]
                [--channel 1|2|3] [--rating-channel software|link|portal] [--group-by G] [--json]
                                                  the figures of GET /api/v1/stats, over the whole organisation
  hailong verify [--json]                         recompute the evaluation hash chains (exit 1 if tampered)
  hailong rollups rebuild                         recount every figure from the declarations and evaluations
  hailong demo [--declarations N] [--reset] [--serve]
  hailong help

Configuration comes from the environment: DATABASE_URL, HOST, PORT, SECRET_KEY, LOG_LEVEL, DATA_DIR, PUBLIC_URL.`;

const options = {
  json: { type: 'boolean' },
  errors: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  declarations: { type: 'string' },
  reset: { type: 'boolean' },
  unit: { type: 'string' },
  officer: { type: 'string' },
  'tax-code': { type: 'string', multiple: true },
  username: { type: 'string' },
  email: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  serve: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  kind: { type: 'string' },
  'type-code': { type: 'string' },
  channel: { type: 'string' },
  'rating-channel': { type: 'string' },
  'group-by': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function withDatabase(config: Config, run: (db: Db) => Promise<number>): Promise<number> {
  const db = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    return await run(db);
  } finally {
    await db.close();
  }
}

/** Filled in as the command gets going, for reporting a failure. */
interface Run {
  logLevel?: LogLevel;
}

// The web server (Fastify and every route) and the demo builder load only for the commands that
// use them, so that `hailong import …` starts without them.
async function dispatch(argv: string[], run: Run): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (!command || command === 'help' || values.help) {
    print(usage);
    return 0;
  }
  const config = loadConfig();
  run.logLevel = config.logLevel;
  switch (command) {
    case 'serve':
      await (await import('./server.js')).serve(config);
      return 0;
    case 'migrate':
      return withDatabase(config, async () => {
        print('Cơ sở dữ liệu đã được cập nhật / database is up to date');
        return 0;
      });
    case 'import':
      return withDatabase(config, (db) => importCommand(db, rest[0], rest[1], values));
    case 'apikey':
      return withDatabase(config, (db) => apiKeyCommand(db, rest[0], rest[1], values));
    case 'user':
      return withDatabase(config, (db) => userCommand(db, rest[0], values));
    case 'calendar':
      return withDatabase(config, (db) => calendarCommand(db, rest[0], rest.slice(1)));
    case 'stats':
      return withDatabase(config, (db) => statsCommand(db, rest, values));
    case 'verify':
      return withDatabase(config, (db) => verifyCommand(db, config.secretKey, rest, values));
    case 'rollups':
      if (rest[0] !== 'rebuild') throw new UsageError('usage: hailong rollups rebuild');
      return withDatabase(config, async (db) => {
        const { rebuildAllRollups } = await import('./stats/rollup-rebuild.service.js');
        print(`Đã tính lại số liệu từ ${await rebuildAllRollups(db.kysely)} tờ khai / figures recounted from that many declarations`);
        return 0;
      });
    case 'demo':
      return (await import('./cli/demo.command.js')).demoCommand(config, values);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** The `hailong` command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const run: Run = {};
  try {
    return await dispatch(argv, run);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return reportFailure(new UsageError((error as Error).message));
    return reportFailure(error, { stack: run.logLevel === 'debug' || run.logLevel === 'trace' });
  }
}
