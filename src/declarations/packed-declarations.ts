import { copyValue, fromCopyValue } from '../db/pg-copy.js';
import type { ValidDeclaration } from './declarations.schema.js';

/**
 * Declarations as PostgreSQL's COPY text, made where they are validated — on a file import's worker
 * thread — so that the writer, the import's busier thread, neither builds nor holds their objects:
 * it only adds each line's ids (1,000,000 rows: the writer's `v8.deserialize` of the rows took 2.1 s
 * and their objects a good part of its 6.9 s of garbage collection). Plain data, copied between
 * threads by the message itself. `unpack` gives the rows back to the writes that need them (a row
 * whose number is stored already).
 */
export interface PackedDeclarations {
  /** Per row: the values of `packedDeclarationColumns`, as COPY text, without a line end. */
  lines: string[];
  /** Per handler, row after row: its `seq`, `step`, `officer_id` and `unit_id` and a tab (the declaration id follows). */
  handlers: string[];
  /** Per row: how many of `handlers` are its own. */
  handlerCounts: Int32Array;
  /** The rows' declarants: each tax code once, with the name of its first row… */
  taxCodes: string[];
  names: string[];
  /** …and per row, the index of its declarant. */
  declarantOf: Int32Array;
}

/** The columns of `PackedDeclarations.lines`; a COPY line then ends with `created_at`, `updated_at`, `declarant_id` and `id`. */
export const packedDeclarationColumns =
  'declaration_no, kind, type_code, office_id, declarant_name, registered_at, registered_day, cleared_at, cleared_day, channel, content_hash';
/** The columns of a COPY line of `PackedDeclarations.handlers`. */
export const packedHandlerColumns = 'seq, step, officer_id, unit_id, declaration_id';

const orNull = (value: string | number | null) => (value === null ? '\\N' : value);

/**
 * Packs validated rows. Every field but the declarant's name is a code, a number, a date or a hash
 * that validation checked character by character (`declaration-rules`, `handlingSteps`): only the
 * name can hold a character COPY escapes.
 */
export function packDeclarations(rows: readonly ValidDeclaration[]): PackedDeclarations {
  const handlers: string[] = [];
  const handlerCounts = new Int32Array(rows.length);
  const declarants = new Map<string, number>();
  const names: string[] = [];
  const declarantOf = new Int32Array(rows.length);
  const lines = rows.map((r, i) => {
    r.handlers.forEach((h, seq) => handlers.push(`${seq}\t${h.step}\t${h.officerId}\t${h.unitId}\t`));
    handlerCounts[i] = r.handlers.length;
    let declarant = declarants.get(r.declarantTaxCode);
    if (declarant === undefined) {
      declarants.set(r.declarantTaxCode, (declarant = names.length));
      names.push(r.declarantName);
    }
    declarantOf[i] = declarant;
    return `${r.declarationNo}\t${r.kind}\t${orNull(r.typeCode)}\t${r.officeId}\t${copyValue(r.declarantName)}\t${r.registeredAt}\t${r.registeredDay}`
      + `\t${orNull(r.clearedAt)}\t${orNull(r.clearedDay)}\t${orNull(r.channel)}\t${r.contentHash}`;
  });
  return { lines, handlers, handlerCounts, taxCodes: [...declarants.keys()], names, declarantOf };
}

const nullableNumber = (text: string) => (text === '\\N' ? null : Number(text));
const nullableText = (text: string) => (text === '\\N' ? null : text);

/** Row `i` of a pack, its handlers starting at `handlers[handlerAt]`. */
function rowAt(packed: PackedDeclarations, i: number, handlerAt: number): ValidDeclaration {
  const [no, kind, typeCode, officeId, name, registeredAt, registeredDay, clearedAt, clearedDay, channel, hash] = packed.lines[i]!.split('\t');
  const handlers: ValidDeclaration['handlers'] = [];
  for (let k = 0; k < packed.handlerCounts[i]!; k++) {
    const [, step, officerId, unitId] = packed.handlers[handlerAt + k]!.split('\t');
    handlers.push({ step: step!, officerId: Number(officerId), unitId: Number(unitId) });
  }
  // As packed: only the name escaped, the other fields as they are or \N.
  return {
    declarationNo: no!, kind: kind as ValidDeclaration['kind'], typeCode: nullableText(typeCode!), officeId: Number(officeId),
    declarantTaxCode: packed.taxCodes[packed.declarantOf[i]!]!, declarantName: fromCopyValue(name!)!, registeredAt: Number(registeredAt),
    registeredDay: registeredDay!, clearedAt: nullableNumber(clearedAt!), clearedDay: nullableText(clearedDay!), channel: nullableNumber(channel!),
    handlers, contentHash: hash!,
  };
}

/** The rows `packDeclarations` packed. */
export function unpack(packed: PackedDeclarations): ValidDeclaration[] {
  let handlerAt = 0;
  return packed.lines.map((_, i) => {
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
export const rowCount = (rows: DeclarationRows): number => (isPacked(rows) ? rows.lines.length : rows.length);
export const unpacked = (rows: DeclarationRows): readonly ValidDeclaration[] => (isPacked(rows) ? unpack(rows) : rows);

/** COPY text of the packed rows as new declarations: `ids[at + i]` is row i's id, `declarantIds[j]` the id of declarant j. */
export function declarationCopyText(packed: PackedDeclarations, ids: readonly number[], at: number, declarantIds: readonly number[], now: number): string {
  const stamps = `\t${now}\t${now}\t`;
  let text = '';
  for (let i = 0; i < packed.lines.length; i++) text += `${packed.lines[i]!}${stamps}${declarantIds[packed.declarantOf[i]!]!}\t${ids[at + i]!}\n`;
  return text;
}

/** COPY text of the packed rows' handlers, with their declarations' ids as in `declarationCopyText`. */
export function handlerCopyText(packed: PackedDeclarations, ids: readonly number[], at: number): string {
  let text = '';
  let next = 0;
  for (let i = 0; i < packed.lines.length; i++) {
    const id = ids[at + i]!;
    for (let k = 0; k < packed.handlerCounts[i]!; k++) text += `${packed.handlers[next++]!}${id}\n`;
  }
  return text;
}
