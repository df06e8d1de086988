import { int8FieldBytes, setInt8, TupleReader, TupleWriter, viewOf } from '../db/pg-copy-binary.js';
import type { ValidDeclaration } from './declarations.schema.js';

/**
 * Declarations as PostgreSQL's binary COPY tuples, made where they are validated — on a file import's
 * worker thread — so that the writer, the import's busier thread, neither builds nor holds their
 * objects or strings: it only sets each tuple's ids in place (1,000,000 rows: the writer's
 * `v8.deserialize` of the rows took 2.1 s and their objects a good part of its 6.9 s of garbage
 * collection; then, as COPY text, its strings most of what was left). Plain data, handed over between
 * threads by the message itself. `unpack` gives the rows back to the writes that need them (a row
 * whose number is stored already).
 */
export interface PackedDeclarations {
  /**
   * Row after row, a tuple of `packedDeclarationColumns` and then `created_at`, `updated_at`,
   * `declarant_id` and `id`, those four zero until set (`stampDeclarations`).
   */
  tuples: Uint8Array;
  /** Per row: where its tuple ends. */
  ends: Int32Array;
  /** Per handler, row after row: a tuple of `packedHandlerColumns`, its `declaration_id` zero until set (`stampHandlers`). */
  handlerTuples: Uint8Array;
  handlerEnds: Int32Array;
  /** Per row: how many of the handlers are its own. */
  handlerCounts: Int32Array;
  /** The rows' declarants: each tax code once, with the name of its first row… */
  taxCodes: string[];
  names: string[];
  /** …and per row, the index of its declarant. */
  declarantOf: Int32Array;
}

/** The columns of a tuple of `PackedDeclarations.tuples`, but the four set by the writer, which follow. */
export const packedDeclarationColumns =
  'declaration_no, kind, type_code, office_id, declarant_name, registered_at, registered_day, cleared_at, cleared_day, channel, content_hash';
/** The columns of a tuple of `PackedDeclarations.handlerTuples`. */
export const packedHandlerColumns = 'seq, step, officer_id, unit_id, declaration_id';

const declarations = new TupleWriter();
const handlerTuples = new TupleWriter();

/** Packs validated rows. */
export function packDeclarations(rows: readonly ValidDeclaration[]): PackedDeclarations {
  const ends = new Int32Array(rows.length);
  const handlerEnds: number[] = [];
  const handlerCounts = new Int32Array(rows.length);
  const declarants = new Map<string, number>();
  const names: string[] = [];
  const declarantOf = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    r.handlers.forEach((h, seq) => {
      handlerTuples.tuple(5).int4(seq).text(h.step).int8(h.officerId).int8(h.unitId).int8(0);
      handlerEnds.push(handlerTuples.length);
    });
    handlerCounts[i] = r.handlers.length;
    let declarant = declarants.get(r.declarantTaxCode);
    if (declarant === undefined) {
      declarants.set(r.declarantTaxCode, (declarant = names.length));
      names.push(r.declarantName);
    }
    declarantOf[i] = declarant;
    declarations.tuple(15).text(r.declarationNo).text(r.kind).text(r.typeCode).int8(r.officeId).text(r.declarantName).int8(r.registeredAt).text(r.registeredDay)
      .int8(r.clearedAt).text(r.clearedDay).int4(r.channel).text(r.contentHash)
      .int8(0).int8(0).int8(0).int8(0);
    ends[i] = declarations.length;
  });
  return {
    tuples: declarations.take(), ends, handlerTuples: handlerTuples.take(), handlerEnds: Int32Array.from(handlerEnds), handlerCounts,
    taxCodes: [...declarants.keys()], names, declarantOf,
  };
}

/** Row `i` of a pack, its handlers starting at handler `handlerAt`. */
function rowAt(packed: PackedDeclarations, i: number, handlerAt: number): ValidDeclaration {
  const row = new TupleReader(packed.tuples, i === 0 ? 0 : packed.ends[i - 1]!);
  const handlers: ValidDeclaration['handlers'] = [];
  for (let k = handlerAt; k < handlerAt + packed.handlerCounts[i]!; k++) {
    const handler = new TupleReader(packed.handlerTuples, k === 0 ? 0 : packed.handlerEnds[k - 1]!);
    handler.int4();
    handlers.push({ step: handler.text()!, officerId: handler.int8()!, unitId: handler.int8()! });
  }
  // In the order of the tuple's fields.
  const declarationNo = row.text()!;
  const kind = row.text() as ValidDeclaration['kind'];
  const typeCode = row.text();
  const officeId = row.int8()!;
  const declarantName = row.text()!;
  const registeredAt = row.int8()!;
  const registeredDay = row.text()!;
  const clearedAt = row.int8();
  const clearedDay = row.text();
  const channel = row.int4();
  const contentHash = row.text()!;
  return {
    declarationNo, kind, typeCode, officeId, declarantTaxCode: packed.taxCodes[packed.declarantOf[i]!]!, declarantName, registeredAt,
    registeredDay, clearedAt, clearedDay, channel, handlers, contentHash,
  };
}

/** The rows `packDeclarations` packed. */
export function unpack(packed: PackedDeclarations): ValidDeclaration[] {
  let handlerAt = 0;
  return Array.from(packed.ends, (_, i) => {
    const row = rowAt(packed, i, handlerAt);
    handlerAt += row.handlers.length;
    return row;
  });
}

/** Row `index` of a pack alone. */
export function unpackRow(packed: PackedDeclarations, index: number): ValidDeclaration {
  let handlerAt = 0;
  for (let i = 0; i < index; i++) handlerAt += packed.handlerCounts[i]!;
  return rowAt(packed, index, handlerAt);
}

/** Rows to write: as objects, or packed by an import's worker thread. */
export type DeclarationRows = readonly ValidDeclaration[] | PackedDeclarations;

export const isPacked = (rows: DeclarationRows): rows is PackedDeclarations => !Array.isArray(rows);
export const rowCount = (rows: DeclarationRows): number => (isPacked(rows) ? rows.ends.length : rows.length);
export const unpacked = (rows: DeclarationRows): readonly ValidDeclaration[] => (isPacked(rows) ? unpack(rows) : rows);

/**
 * Sets the packed rows' last four values, as new declarations: `created_at` and `updated_at` `now`,
 * `declarant_id` `declarantIds[j]` for declarant j, and `id` `ids[at + i]` for row i. Returns the tuples.
 */
export function stampDeclarations(packed: PackedDeclarations, ids: readonly number[], at: number, declarantIds: readonly number[], now: number): Uint8Array {
  const view = viewOf(packed.tuples);
  packed.ends.forEach((end, i) => {
    setInt8(view, end - 8, ids[at + i]!);
    setInt8(view, end - 8 - int8FieldBytes, declarantIds[packed.declarantOf[i]!]!);
    setInt8(view, end - 8 - 2 * int8FieldBytes, now);
    setInt8(view, end - 8 - 3 * int8FieldBytes, now);
  });
  return packed.tuples;
}

/** Sets the handlers' declaration ids, those of `stampDeclarations`. Returns the handlers' tuples. */
export function stampHandlers(packed: PackedDeclarations, ids: readonly number[], at: number): Uint8Array {
  const view = viewOf(packed.handlerTuples);
  let next = 0;
  packed.handlerCounts.forEach((count, i) => {
    for (let k = 0; k < count; k++) setInt8(view, packed.handlerEnds[next++]! - 8, ids[at + i]!);
  });
  return packed.handlerTuples;
}
