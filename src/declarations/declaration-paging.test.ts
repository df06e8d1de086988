import assert from 'node:assert/strict';
import { allScope, type DataScope } from '../auth/scope.js';
import { dbTest } from '../../test/helpers/databases.js';
import { declarationItem, seedWebFixture } from '../../test/helpers/web-fixture.js';
import { browseDeclarations } from './declaration-browse.service.js';
import type { DeclarationListQuery } from './declaration-list.schema.js';

const secret = 's'.repeat(40);
const all = Array.from({ length: 120 }, (_, i) => declarationItem(i));
/** Display order: cleared newest first (the later of a day first), then the not yet cleared, newest first. */
const displayOrder = [...all.filter((d) => d.clearedAt !== null).reverse(), ...all.filter((d) => d.clearedAt === null).reverse()];

async function pagesFrom(db: Parameters<typeof browseDeclarations>[0], query: DeclarationListQuery, direction: 'next' | 'previous', budget: number,
  scope: DataScope = allScope) {
  const pages: { rows: string[]; stopped: boolean }[] = [];
  let params: Record<string, string> | null = {};
  let last: Record<string, string> = {};
  for (let guard = 0; params && guard < 500; guard++) {
    const view = await browseDeclarations(db, scope, { ...query, ...params }, secret, budget);
    pages.push({ rows: view.rows.map((r) => r.declaration_no), stopped: view.stoppedAt !== null });
    last = params;
    params = view[direction];
  }
  return { pages, last };
}

dbTest('with a small scan budget, a rare filter yields short pages that say where they stopped, and next links still reach every match once', async (db) => {
  await seedWebFixture(db, all.length);
  const query = { office: 'OF2', channel: '3' };
  const expected = displayOrder.filter((d) => d.officeCode === 'OF2' && d.channel === '3').map((d) => d.declarationNo);
  const forward = await pagesFrom(db.kysely, query, 'next', 7);
  assert.deepEqual(forward.pages.flatMap((p) => p.rows), expected);
  assert.ok(forward.pages.some((p) => p.stopped), 'the budget was reached');
  assert.ok(forward.pages.every((p) => p.rows.length <= 7));

  const backward = await pagesFrom(db.kysely, { ...query, ...forward.last }, 'previous', 7);
  const seen = backward.pages.flatMap((p) => p.rows);
  assert.equal(new Set(seen).size, seen.length, 'no row is shown twice going back');
  assert.deepEqual([...seen].sort(), expected.filter((no) => seen.includes(no)).sort());
  assert.equal(backward.pages.at(-1)!.rows[0], expected[0], 'going back ends on the first page');
});

dbTest('with a budget larger than a page, paging crosses from cleared to not-yet-cleared declarations in order', async (db) => {
  await seedWebFixture(db, all.length);
  const forward = await pagesFrom(db.kysely, {}, 'next', 60);
  assert.deepEqual(forward.pages.flatMap((p) => p.rows), displayOrder.map((d) => d.declarationNo));
  assert.deepEqual(forward.pages.map((p) => p.rows.length), [50, 50, 20]);
});

dbTest('a page can start at a row (the "next" link of a previous page returns exactly to where the reader was)', async (db) => {
  await seedWebFixture(db, all.length);
  const second = await browseDeclarations(db.kysely, allScope, { after: (await browseDeclarations(db.kysely, allScope, {}, secret)).next!.after! }, secret);
  const back = await browseDeclarations(db.kysely, allScope, second.previous!, secret);
  const again = await browseDeclarations(db.kysely, allScope, back.next!, secret);
  assert.deepEqual(again.rows.map((r) => r.declaration_no), second.rows.map((r) => r.declaration_no));
});

dbTest('a narrow scope is checked on each row of the bounded walk: short pages, and the links still reach all of it once, in order, and nothing else', async (db) => {
  await seedWebFixture(db, all.length);
  // A leader of the team OF2-T1 reads what it is credited with: CB001's declarations from 16 May 2020, when CB001 joined it.
  const team = await db.kysely.selectFrom('units').select('path').where('code', '=', 'OF2-T1').executeTakeFirstOrThrow();
  const scope: DataScope = { kind: 'units', path: team.path };
  const expected = displayOrder.filter((d) => d.registeredAt >= '2020-05-16').map((d) => d.declarationNo);
  assert.ok(expected.length > 0 && expected.length < all.length);
  const forward = await pagesFrom(db.kysely, {}, 'next', 7, scope);
  assert.deepEqual(forward.pages.flatMap((p) => p.rows), expected);
  assert.ok(forward.pages.some((p) => p.stopped), 'the budget was reached');

  const backward = await pagesFrom(db.kysely, forward.last, 'previous', 7, scope);
  const seen = backward.pages.flatMap((p) => p.rows);
  assert.equal(new Set(seen).size, seen.length);
  assert.ok(seen.every((no) => expected.includes(no)), 'going back shows nothing outside the scope');
  assert.equal(backward.pages.at(-1)!.rows[0], expected[0]);
});
