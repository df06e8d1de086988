import { AppError } from '../errors.js';
import { ConfigError } from '../config.js';
import { UnreadableFileError } from '../imports/sources.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function print(line: string): void {
  process.stdout.write(line + '\n');
}

export function printError(line: string): void {
  process.stderr.write(line + '\n');
}

/** Prints a failure the way an operator can act on it; returns the exit code. */
export function reportFailure(error: unknown): number {
  if (error instanceof UsageError) {
    printError(`hailong: ${error.message}\nTry: hailong help`);
    return 64;
  }
  if (error instanceof ConfigError) {
    printError(error.message);
    return 78;
  }
  if (error instanceof AppError) {
    printError(`hailong: ${error.code}: ${error.messageIn('vi')} / ${error.messageIn('en')}`);
    return 2;
  }
  if (error instanceof UnreadableFileError) {
    printError(`hailong: không đọc được tệp / cannot read the file: ${error.message}`);
    return 2;
  }
  printError(`hailong: ${(error as Error)?.stack ?? String(error)}`);
  return 1;
}
