import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extensionOf, safeFileName, sniffLength, sniffMediaType, type AttachmentType } from './attachment-types.js';

/**
 * Attachments on disk, never in the database: DATA_DIR/problems/<problem id>/<attachment id>.<ext>.
 * An upload is streamed to DATA_DIR/problems/incoming/ while its size is counted, its first bytes
 * sniffed and its SHA-256 computed; the problem's transaction moves it into place (same file
 * system: a rename), and whatever is left in incoming/ after the request is removed.
 */
export interface ReceivedFile {
  tempPath: string;
  fileName: string;
  size: number;
  /** As the first bytes say; null when they are not those of an accepted type. */
  mediaType: AttachmentType | null;
  sha256: string;
  /** More bytes came than the limit: the file was cut short and is refused. */
  tooLarge: boolean;
}

export function problemsDir(dataDir: string): string {
  return join(dataDir, 'problems');
}

export function attachmentPath(dataDir: string, problemId: number, storedName: string): string {
  return join(problemsDir(dataDir), String(problemId), storedName);
}

/** Streams one uploaded file to incoming/; `truncated` is the multipart stream's flag (busboy cuts at the limit). */
export async function receiveFile(dataDir: string, stream: Readable & { truncated?: boolean }, fileName: string): Promise<ReceivedFile> {
  const dir = join(problemsDir(dataDir), 'incoming');
  await mkdir(dir, { recursive: true });
  const tempPath = join(dir, randomBytes(12).toString('hex'));
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    hash.update(chunk);
    if (head.length < sniffLength) head = Buffer.concat([head, chunk.subarray(0, sniffLength - head.length)]);
  });
  try {
    await pipeline(stream, createWriteStream(tempPath, { mode: 0o600 }));
  } catch (error) {
    // A body cut short or malformed: the request fails, and nothing of it stays on disk.
    await rm(tempPath, { force: true });
    throw error;
  }
  return {
    tempPath, fileName: safeFileName(fileName), size, mediaType: sniffMediaType(head), sha256: hash.digest('hex'), tooLarge: stream.truncated === true,
  };
}

/** The name a stored attachment gets. */
export function storedNameOf(attachmentId: number, mediaType: AttachmentType): string {
  return `${attachmentId}.${extensionOf[mediaType]}`;
}

/** Moves a received file into the problem's folder. */
export async function placeFile(dataDir: string, problemId: number, file: ReceivedFile, storedName: string): Promise<string> {
  const target = attachmentPath(dataDir, problemId, storedName);
  await mkdir(join(problemsDir(dataDir), String(problemId)), { recursive: true });
  await rename(file.tempPath, target);
  return target;
}

/** Removes files (temporary uploads, or files placed by a transaction that then failed); missing ones are fine. */
export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}
