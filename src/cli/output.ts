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

/**
 * Prints a failure the way an operator can act on it, in one line; returns the exit code. An
 * unexpected error's stack is printed only when asked for (LOG_LEVEL=debug or trace).
 */
export function reportFailure(error: unknown, options: { stack?: boolean } = {}): number {
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
  const stack = options.stack && error instanceof Error ? error.stack : undefined;
  printError(`hailong: ${stack ?? oneLine(error)}`);
  return 1;
}

/**
 * `Name: message` of an error (the name only when it says more than `Error`), on one line. A
 * connection refused on every address is an AggregateError with an empty message: its parts speak.
 */
function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error).replace(/\s*\n\s*/g, ' ');
  const parts = error instanceof AggregateError ? (error.errors as unknown[]).map(oneLine).join('; ') : '';
  const message = error.message || parts || ((error as { code?: unknown }).code as string | undefined) || '';
  const prefix = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${prefix}${message}`.replace(/\s*\n\s*/g, ' ');
}
