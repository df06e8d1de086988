import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../src/db/database.js';
import { rowsPerBulkTransaction } from '../src/declarations/declarations.bulk-repository.js';

/** The facts exactly as the feed stored them: the baseline inserts these same rows, bare. */
export interface Facts {
  declarations: unknown[][];
  handlers: unknown[][];
}

const declarationColumns = ['id', 'declaration_no', 'kind', 'type_code', 'office_id', 'declarant_id', 'declarant_name',
  'registered_at', 'registered_day', 'cleared_at', 'cleared_day', 'channel', 'content_hash', 'created_at', 'updated_at'];
const handlerColumns = ['declaration_id', 'seq', 'step', 'officer_id', 'unit_id'];

export async function readBackDeclarations(db: Db): Promise<Facts> {
  const declarations = await db.kysely.selectFrom('declarations').select(declarationColumns as never[]).orderBy('id').execute();
  const handlers = await db.kysely.selectFrom('declaration_handlers').select(handlerColumns as never[]).execute();
  return {
    declarations: declarations.map((d) => declarationColumns.map((c) => (d as Record<string, unknown>)[c])),
    handlers: handlers.map((h) => handlerColumns.map((c) => (h as Record<string, unknown>)[c])),
  };
}

function copyText(rows: unknown[][]): string[] {
  const chunks: string[] = [];
  let text = '';
  for (const row of rows) {
    text += row.map((v) => (v === null ? '\\N' : String(v as string))).join('\t') + '\n';
    if (text.length > 1 << 16) { chunks.push(text); text = ''; }
  }
  chunks.push(text);
  return chunks;
}

/** Inserts the facts with no parsing or validation: a prepared loop (SQLite) or COPY (PostgreSQL). Returns ms. */
export async function insertRawDeclarations(db: Db, facts: Facts): Promise<number> {
  if (db.dialect === 'sqlite') {
    const insertDeclaration = db.sqlite.prepare(`insert into declarations (${declarationColumns.join(', ')}) values (${declarationColumns.map(() => '?').join(', ')})`);
    const insertHandler = db.sqlite.prepare(`insert into declaration_handlers (${handlerColumns.join(', ')}) values (?, ?, ?, ?, ?)`);
    const started = performance.now();
    // Transactions as large as the import's: a transaction's commit writes every page it changed, and
    // the declarant index changes pages all over (1,000,000 rows: 17.2 s in transactions of 2,000, 7.0 s of 20,000, 6.1 s of 200,000).
    const batch = rowsPerBulkTransaction.sqlite;
    for (let i = 0; i < facts.declarations.length; i += batch) {
      db.sqlite.transaction(() => { for (const row of facts.declarations.slice(i, i + batch)) insertDeclaration.run(...row); })();
    }
    for (let i = 0; i < facts.handlers.length; i += batch) {
      db.sqlite.transaction(() => { for (const row of facts.handlers.slice(i, i + batch)) insertHandler.run(...row); })();
    }
    return performance.now() - started;
  }
  const declarationText = copyText(facts.declarations);
  const handlerText = copyText(facts.handlers);
  const client = await db.pool.connect();
  try {
    const started = performance.now();
    await pipeline(Readable.from(declarationText), client.query(copyFrom(`copy declarations (${declarationColumns.join(', ')}) from stdin`)));
    await pipeline(Readable.from(handlerText), client.query(copyFrom(`copy declaration_handlers (${handlerColumns.join(', ')}) from stdin`)));
    return performance.now() - started;
  } finally {
    client.release();
  }
}
