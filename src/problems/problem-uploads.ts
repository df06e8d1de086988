import { finished } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { receiveFile, removeFiles, type ReceivedFile } from './attachment-store.js';
import { problemLimits } from './problem-rules.js';

/**
 * Multipart bodies for the routes of this scope only (the rest of the app still refuses them). The
 * fields become the body (so the CSRF check and the schemas see them as for any form); each file
 * is streamed to DATA_DIR/problems/incoming/ as it arrives — sniffed, hashed, cut at 10 MB — and
 * stands in the body as a ReceivedFile. Whatever a request left there is removed as it is answered.
 * Callers check who is asking in onRequest, before anything is read.
 */
export const attachmentField = 'attachments';

export async function installUploads(app: FastifyInstance, dataDir: string): Promise<void> {
  const received = new WeakMap<FastifyRequest, ReceivedFile[]>();
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: problemLimits.maxAttachmentBytes, files: 20, fields: 20, fieldSize: 64 * 1024, parts: 40 },
    async onFile(this: FastifyRequest, part) {
      // A browser's empty file input posts a part with no file name and no content: nothing attached.
      if (!part.filename) {
        part.file.resume();
        await finished(part.file);
        return;
      }
      const file = await receiveFile(dataDir, part.file, part.filename);
      received.set(this, [...(received.get(this) ?? []), file]);
      (part as { value?: unknown }).value = file;
    },
  });
  const cleanUp = async (request: FastifyRequest) => {
    const files = received.get(request);
    received.delete(request);
    if (files) await removeFiles(files.map((f) => f.tempPath));
  };
  // Before the answer goes out (so a client that reads it finds nothing left), and after an aborted one.
  app.addHook('onSend', async (request, _reply, payload) => {
    await cleanUp(request);
    return payload;
  });
  app.addHook('onResponse', cleanUp);
}

/** The files of a parsed multipart body (none for a JSON body: only the plugin's own objects count). */
export function uploadedFiles(request: FastifyRequest): ReceivedFile[] {
  if (!request.isMultipart()) return [];
  const value = (request.body as Record<string, unknown> | undefined)?.[attachmentField];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is ReceivedFile => typeof v === 'object' && v !== null && 'tempPath' in v);
}
