import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { AppError } from '../errors.js';

/** The summary every import prints; `--json` prints exactly this object. */
export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export function emptySummary(): ImportSummary {
  return { created: 0, updated: 0, unchanged: 0, rejected: 0 };
}

export type RejectionHandler = (line: number, error: AppError) => void;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rejected rows as CSV `line,code,message` (message: Vietnamese, then English). */
export class RejectionFile {
  private readonly stream: WriteStream;
  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.write('line,code,message\n');
  }

  readonly add: RejectionHandler = (line, error) => {
    const message = `${error.messageIn('vi')} / ${error.messageIn('en')}`;
    this.stream.write(`${line},${error.code},${csvField(message)}\n`);
  };

  /** Waits while the file's buffer is full, so millions of rejections never pile up in memory. */
  async drain(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
