import type { Db } from '../db/database.js';
import { listApiClients } from '../api-clients/api-clients.repository.js';
import { createApiClient, revokeApiClientById } from '../api-clients/api-clients.service.js';
import { print, UsageError } from './output.js';

export interface ApiKeyOptions {
  role?: string;
  name?: string;
  json?: boolean;
}

/** `hailong apikey create --role feed|vendor --name NAME [--json]`, `revoke ID`, `list`. */
export async function apiKeyCommand(db: Db, action: string | undefined, arg: string | undefined, options: ApiKeyOptions): Promise<number> {
  if (action === 'create') {
    if (!options.role || !options.name) throw new UsageError('apikey create needs --role feed|vendor and --name NAME');
    const { id, key } = await createApiClient(db.kysely, options.role, options.name);
    if (options.json) print(JSON.stringify({ id, key }));
    else print(`Khoá API #${id} (chỉ hiển thị một lần / shown only once):\n${key}`);
    return 0;
  }
  if (action === 'revoke') {
    const id = Number(arg);
    if (!arg || !Number.isInteger(id) || id <= 0) throw new UsageError('apikey revoke needs an ID');
    await revokeApiClientById(db.kysely, id);
    print(`Đã thu hồi khoá #${id} / revoked key #${id}`);
    return 0;
  }
  if (action === 'list') {
    const clients = await listApiClients(db.kysely);
    if (options.json) {
      print(JSON.stringify(clients.map((c) => ({ id: c.id, name: c.name, role: c.role, createdAt: new Date(c.created_at).toISOString(), revoked: c.revoked_at !== null }))));
    } else {
      for (const c of clients) print(`${c.id}\t${c.role}\t${c.revoked_at === null ? 'active' : 'revoked'}\t${c.name}`);
    }
    return 0;
  }
  throw new UsageError('apikey needs create, revoke or list');
}
