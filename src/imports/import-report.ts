import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { csvField } from '../shared/csv.js';
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


/**
 * Writes rejected rows as CSV `line,code,message` (message: Vietnamese, then English). The file is
 * opened at once, so a path that cannot be written fails before anything is imported; a write error
 * later (disk full) fails the next drain or close instead of crashing the process.
 */
export class RejectionFile {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  constructor(path: string) {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (error) {
      throw new Error(`cannot write the errors file ${path}: ${(error as Error).message}`);
    }
    this.stream = createWriteStream(path, { fd, encoding: 'utf8' });
    this.stream.on('error', (error) => (this.failure ??= error));
    this.stream.write('line,code,message\n');
  }

  readonly add: RejectionHandler = (line, error) => {
    const message = `${error.messageIn('vi')} / ${error.messageIn('en')}`;
    this.stream.write(`${line},${error.code},${csvField(message)}\n`);
  };

  /** Waits while the file's buffer is full, so millions of rejections never pile up in memory. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (!this.failure) {
      this.stream.end();
      await once(this.stream, 'finish');
    }
    if (this.failure) throw this.failure;
  }
}
