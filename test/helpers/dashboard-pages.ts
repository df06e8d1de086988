import assert from 'node:assert/strict';
import type { Client } from './app.js';
import { parseCsv } from './fixtures.js';

/** Reading the dashboard's pages and downloads in tests: a page that must open, its tables' rows, a CSV's records. */

export async function page(client: Client, url: string): Promise<string> {
  const response = await client.get(url);
  assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 500)}`);
  return response.body;
}

export const decode = (href: string) => href.replaceAll('&amp;', '&');

/** Rows of a table by id: the row header's link (if any) and text, then each cell's text. */
export function tableRows(body: string, id: string): { href: string | null; name: string; cells: string[] }[] {
  const start = body.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no table ${id}`);
  const tbody = body.slice(body.indexOf('<tbody>', start), body.indexOf('</tbody>', start));
  return [...tbody.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) => {
    const header = /<th scope="row"[^>]*>([\s\S]*?)<\/th>/.exec(row!)?.[1] ?? '';
    const href = /<a href="([^"]+)"/.exec(header)?.[1];
    const cells = [...row!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, '').trim());
    return { href: href ? decode(href) : null, name: header.replace(/<[^>]+>/g, '').trim(), cells };
  });
}

/** A CSV download: checks its type, BOM and CRLF line ends; its records keyed by the header. */
export async function csvOf(client: Client, url: string): Promise<Record<string, string>[]> {
  const response = await client.get(url);
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.ok(response.body.startsWith('\uFEFF'), 'a BOM');
  assert.ok(response.body.endsWith('\r\n') && !/[^\r]\n/.test(response.body), 'CRLF line ends');
  const [header, ...rows] = parseCsv(response.body.slice(1));
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!])));
}
