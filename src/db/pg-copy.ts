import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY … FROM STDIN in text format (the bulk writers' roll-up stages; their declarations go in binary, pg-copy-binary).

/**
 * Streams prepared COPY text (rows of tab-separated values, escaped as COPY's text format wants, each ending
 * in a newline) into `target`, a table with its column list.
 */
export async function copyInto(client: pg.PoolClient, target: string, text: string): Promise<void> {
  const stream = client.query(copyFrom(`copy ${target} from stdin`));
  await pipeline(Readable.from([text]), stream);
}
