import { systemActor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { createUser } from '../users/users.service.js';
import { print, UsageError } from './output.js';

export interface UserAddOptions {
  role?: string;
  unit?: string;
  officer?: string;
  'tax-code'?: string[];
  username?: string;
  email?: string;
  name?: string;
  'password-stdin'?: boolean;
  json?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `hailong user add --role ROLE [--unit CODE] [--officer CODE] [--tax-code CODE…] --username U --password-stdin` */
export async function userCommand(db: Db, action: string | undefined, options: UserAddOptions): Promise<number> {
  if (action !== 'add') throw new UsageError('user needs add');
  if (!options.role || !options.username) throw new UsageError('user add needs --role and --username');
  if (!options['password-stdin']) throw new UsageError('user add reads the password from standard input: pass --password-stdin');
  const password = await readStdin();
  const id = await createUser(db.kysely, {
    username: options.username, password, role: options.role, email: options.email, displayName: options.name,
    unitCode: options.unit, officerCode: options.officer, taxCodes: options['tax-code'],
  }, systemActor);
  print(options.json ? JSON.stringify({ id }) : `Đã tạo người dùng #${id} / created user #${id}`);
  return 0;
}
