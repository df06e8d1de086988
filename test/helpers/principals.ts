import type { FastifyInstance } from 'fastify';
import { createApiClient } from '../../src/api-clients/api-clients.service.js';
import { systemActor } from '../../src/audit/audit.service.js';
import type { Db } from '../../src/db/database.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import { createUser } from '../../src/users/users.service.js';
import { Client } from './app.js';
import { declarationItem, loadOrganisation } from './fixtures.js';

export const principalNames = ['anonymous', 'admin', 'inspector', 'leader', 'officer', 'business', 'feed', 'vendor'] as const;
export type PrincipalName = (typeof principalNames)[number];

export interface World {
  clients: Record<PrincipalName, Client>;
  /** A second leader (03EE) and business (0301234562), for scope tests. */
  otherLeader: Client;
  otherBusiness: Client;
  keys: { feed: string; vendor: string };
}

const password = 'matrix password 2020';

/**
 * The test organisation with one signed-in client per role: a leader of 03CC, officer CC001,
 * the business 0200123457, feed and vendor API keys, and one declaration (handled at 03CC by CC001
 * and CC002, declared by 0200123457).
 */
export async function buildWorld(db: Db, app: FastifyInstance): Promise<World> {
  await loadOrganisation(db);
  await submitDeclarations(db, [declarationItem(1)], 'en');
  const accounts: [string, Parameters<typeof createUser>[1]][] = [
    ['admin', { username: 'm.admin', password, role: 'admin' }],
    ['inspector', { username: 'm.inspector', password, role: 'inspector' }],
    ['leader', { username: 'm.leader', password, role: 'leader', unitCode: '03CC' }],
    ['officer', { username: 'm.officer', password, role: 'officer', officerCode: 'CC001' }],
    ['business', { username: 'm.business', password, role: 'business', taxCodes: ['0200123457'] }],
    ['otherLeader', { username: 'm.leader2', password, role: 'leader', unitCode: '03EE' }],
    ['otherBusiness', { username: 'm.business2', password, role: 'business', taxCodes: ['0301234562'] }],
  ];
  const signedIn: Record<string, Client> = {};
  for (const [name, account] of accounts) {
    await createUser(db.kysely, account, systemActor);
    const client = new Client(app);
    const result = await client.signIn(account.username, password);
    if (result.statusCode !== 303) throw new Error(`sign-in of ${name} failed: ${result.statusCode}`);
    signedIn[name] = client;
  }
  const keys = {
    feed: (await createApiClient(db.kysely, 'feed', 'matrix feed')).key,
    vendor: (await createApiClient(db.kysely, 'vendor', 'matrix vendor')).key,
  };
  return {
    clients: {
      anonymous: new Client(app), admin: signedIn.admin!, inspector: signedIn.inspector!, leader: signedIn.leader!,
      officer: signedIn.officer!, business: signedIn.business!, feed: new Client(app, keys.feed), vendor: new Client(app, keys.vendor),
    },
    otherLeader: signedIn.otherLeader!, otherBusiness: signedIn.otherBusiness!, keys,
  };
}
