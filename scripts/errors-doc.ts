/**
 * Writes docs/errors.md from the error catalogue:
 *   node --import tsx scripts/errors-doc.ts > docs/errors.md
 * src/errors.test.ts fails when the file is stale.
 */
import { pathToFileURL } from 'node:url';
import { errorCatalogue } from '../src/errors.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function errorsDoc(): string {
  const rows = Object.entries(errorCatalogue).map(
    ([code, { status, vi, en }]) => `| \`${code}\` | ${status} | ${cell(vi)} | ${cell(en)} |`,
  );
  return [
    '# Mã lỗi / Error codes',
    '',
    'Every error a user or an API client can cause answers with a stable code, an HTTP status and a',
    'message in Vietnamese and English: `{"error":{"code","message":{"vi","en"},"params"?,"requestId"?}}`.',
    'Import errors files (`--errors FILE`) use the same codes. `{name}` is filled from the error\'s params.',
    '',
    'Generated from `src/errors.ts` by `node --import tsx scripts/errors-doc.ts > docs/errors.md`; do not edit by hand.',
    '',
    '| code | HTTP | vi | en |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(errorsDoc());
