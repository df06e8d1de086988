import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY … FROM STDIN in PostgreSQL's binary format: tuples made off the writer's thread as bytes, which
// the writer passes on without building a string per row (its text rows were most of what its garbage
// collector copied), and which the server reads without parsing numbers or escapes. Each value's type
// must be exactly its column's: int4 for `integer`, int8 for `bigint`, UTF-8 text for `varchar`/`text`.

const signature = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
/** The file header: signature, flags (none), header extension length (0). */
const header = Uint8Array.from([...signature, 0, 0, 0, 0, 0, 0, 0, 0]);
/** The file trailer: a field count of -1. */
const trailer = Uint8Array.from([0xff, 0xff]);

const twoTo32 = 2 ** 32;

/** Writes a 64-bit integer (exact up to 2^53) big-endian at `offset`. */
export function setInt8(view: DataView, offset: number, value: number): void {
  const high = Math.floor(value / twoTo32);
  view.setInt32(offset, high);
  view.setUint32(offset + 4, value - high * twoTo32);
}

function getInt8(view: DataView, offset: number): number {
  return view.getInt32(offset) * twoTo32 + view.getUint32(offset + 4);
}

/** The bytes of an int8 field, length word included: the room `TupleWriter.int8` leaves for a value set later (`setInt8`). */
export const int8FieldBytes = 12;

/**
 * Appends binary COPY tuples to a growing buffer; `take` hands over the bytes written as a buffer of
 * their own (transferable between threads) and starts again. One writer per thread is enough.
 */
export class TupleWriter {
  private bytes = Buffer.allocUnsafeSlow(1 << 16);
  private view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  private at = 0;

  get length(): number {
    return this.at;
  }

  /** Starts a tuple of `fields` values; each value makes its own room. */
  tuple(fields: number): this {
    this.room(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
    return this;
  }

  int4(value: number | null): this {
    if (value === null) return this.nullValue();
    this.room(8);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, value);
    this.at += 8;
    return this;
  }

  int8(value: number | null): this {
    if (value === null) return this.nullValue();
    this.room(int8FieldBytes);
    this.view.setInt32(this.at, 8);
    setInt8(this.view, this.at + 4, value);
    this.at += int8FieldBytes;
    return this;
  }

  /** Text as UTF-8 (at most three bytes per UTF-16 unit). */
  text(value: string | null): this {
    if (value === null) return this.nullValue();
    this.room(4 + 3 * value.length);
    const start = this.at + 4;
    const { bytes } = this;
    let n = 0;
    // Codes, dates and hashes are ASCII: copied unit by unit, cheaper than a call into the encoder.
    for (; n < value.length; n++) {
      const unit = value.charCodeAt(n);
      if (unit > 0x7f) break;
      bytes[start + n] = unit;
    }
    if (n < value.length) n = bytes.write(value, start, 'utf8');
    this.view.setInt32(this.at, n);
    this.at = start + n;
    return this;
  }

  /** The tuples written since the last `take`, in a buffer of their own. */
  take(): Uint8Array {
    const taken = new Uint8Array(this.at);
    taken.set(this.bytes.subarray(0, this.at));
    this.at = 0;
    return taken;
  }

  private nullValue(): this {
    this.room(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
    return this;
  }

  private room(more: number): void {
    if (this.at + more <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.at + more));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }
}

/** Reads the values of one tuple in order, from `offset` (its field count, which it skips). */
export class TupleReader {
  private readonly view: DataView;
  private readonly buffer: Buffer;
  private at: number;

  constructor(bytes: Uint8Array, offset: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = offset + 2;
  }

  int4(): number | null {
    return this.value((at) => this.view.getInt32(at));
  }

  int8(): number | null {
    return this.value((at) => getInt8(this.view, at));
  }

  text(): string | null {
    return this.value((at, length) => this.buffer.toString('utf8', at, at + length));
  }

  private value<T>(read: (at: number, length: number) => T): T | null {
    const length = this.view.getInt32(this.at);
    this.at += 4;
    if (length < 0) return null;
    const value = read(this.at, length);
    this.at += length;
    return value;
  }
}

/** A view for setting values in place in tuples (`setInt8`). */
export const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Streams binary tuples (`TupleWriter`) into `target`, a table with its column list, between the format's header and trailer. */
export async function copyBinaryInto(client: pg.PoolClient, target: string, tuples: readonly Uint8Array[]): Promise<void> {
  const stream = client.query(copyFrom(`copy ${target} from stdin (format binary)`));
  const chunks = [header, ...tuples.filter((t) => t.length > 0), trailer].map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength));
  await pipeline(Readable.from(chunks), stream);
}
