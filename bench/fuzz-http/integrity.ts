// After the fuzz: is the database whole? Chains, roll-ups against a recount, orphans, files.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { verifyChains } from '../../src/evaluations/chain-verify.service.js';
import { rebuildAllRollups } from '../../src/stats/rollup-rebuild.service.js';
import { rollupSnapshot } from '../../test/helpers/rollups.js';
import { attachmentPath } from '../../src/problems/attachment-store.js';
import type { World } from './world.js';

export async function integrityCheck(w: World, outDir: string): Promise<void> {
  const report: Record<string, unknown> = {};
  const db = w.db;
  const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db.kysely)).rows;
  if (db.dialect === 'sqlite') {
    report.integrity = db.sqlite.pragma('integrity_check');
    report.foreignKeys = db.sqlite.pragma('foreign_key_check');
  }
  report.chains = await verifyChains(db.kysely, 'k'.repeat(40));
  const before = await rollupSnapshot(db);
  await rebuildAllRollups(db.kysely);
  const after = await rollupSnapshot(db);
  const diff: Record<string, { onlyBefore: string[]; onlyAfter: string[] }> = {};
  for (const k of Object.keys(before) as (keyof typeof before)[]) {
    const a = new Set(before[k]), b = new Set(after[k]);
    const onlyBefore = [...a].filter((x) => !b.has(x)), onlyAfter = [...b].filter((x) => !a.has(x));
    if (onlyBefore.length || onlyAfter.length) diff[k] = { onlyBefore: onlyBefore.slice(0, 20), onlyAfter: onlyAfter.slice(0, 20) };
  }
  report.rollupDiff = diff;
  report.orphans = {
    evaluationsWithoutVersions: await q('select e.declaration_id from evaluations e where not exists (select 1 from evaluation_versions v where v.declaration_id = e.declaration_id)'),
    versionsWithoutEvaluation: await q('select distinct v.declaration_id from evaluation_versions v where not exists (select 1 from evaluations e where e.declaration_id = v.declaration_id)'),
    casesWithoutEvents: await q('select c.id from cases c where not exists (select 1 from case_events e where e.case_id = c.id)'),
    problemsWithoutEvents: await q('select p.id from problems p where not exists (select 1 from problem_events e where e.problem_id = p.id)'),
    declarationsWithoutHandlers: await q("select d.declaration_no, d.kind from declarations d where not exists (select 1 from declaration_handlers h where h.declaration_id = d.id)"),
    usersLeaderWithoutUnit: await q("select id, username from users where role = 'leader' and unit_id is null"),
    usersOfficerWithoutOfficer: await q("select id, username from users where role = 'officer' and officer_id is null"),
    businessUsersWithoutBusiness: await q("select u.id, u.username from users u where u.role = 'business' and not exists (select 1 from user_businesses b where b.user_id = u.id)"),
    templatesCount: await q('select count(*) as n from agreement_templates'),
    conferences: await q('select count(*) as n from conferences'),
    problems: await q('select id, status from problems'),
    cases: await q('select id, status from cases'),
  };
  const attachments = await q('select id, problem_id, stored_name from problem_attachments');
  report.attachmentFilesMissing = attachments.filter((a) => !existsSync(attachmentPath(w.dataDir, Number(a.problem_id), String(a.stored_name))));
  const incoming = join(w.dataDir, 'problems', 'incoming');
  report.incomingLeftovers = existsSync(incoming) ? readdirSync(incoming) : [];
  const scans = join(w.dataDir, 'agreements');
  report.scanFolder = existsSync(scans) ? readdirSync(scans) : [];
  const agreements = await q('select id, scan_path from agreements');
  report.scansMissing = agreements.filter((a) => a.scan_path && !existsSync(join(w.dataDir, a.scan_path as string)));
  writeFileSync(join(outDir, 'integrity.json'), JSON.stringify(report, null, 1));
  console.log('integrity:', JSON.stringify({ chains: (report.chains as { ok: boolean }).ok, rollupDiff: Object.keys(diff), fk: report.foreignKeys, attachmentsMissing: (report.attachmentFilesMissing as unknown[]).length, incoming: (report.incomingLeftovers as unknown[]).length }));
}
