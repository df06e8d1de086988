/**
 * A streaming RFC 4180 CSV reader built for the feed's hot path (a general-purpose parser spent
 * more time per row than validating and writing it). Accepts a UTF-8 BOM, LF or CRLF line ends,
 * quoted fields with commas, doubled quotes and line breaks. Each record carries the physical line
 * number it starts on (line 1 = header); a malformed record is reported and reading goes on.
 */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/** Splits one physical line that contains quotes; returns null if a quoted field is still open. */
function splitQuoted(text: string): string[] | null | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return null;
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') return { error: `unexpected character after a closing quote at column ${i + 1}` };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) return { error: `a quote inside an unquoted field at column ${i + 1}` };
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * The records of each chunk read, together: one await per chunk (a few thousand records), not one
 * per record — at a million rows the per-record promises of nested async generators cost seconds.
 */
export async function* readCsvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord[]> {
  let pending = '';
  let line = 0; // physical lines consumed so far
  let first = true;
  let open: { start: number; text: string } | null = null; // a record spanning lines
  const decoder = new TextDecoder('utf-8');

  function* take(text: string, final: boolean): Generator<CsvRecord> {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1 && !final) {
        pending = text.slice(start);
        return;
      }
      const raw = stripCr(nl === -1 ? text.slice(start) : text.slice(start, nl));
      if (nl === -1 && raw === '' && open === null) {
        pending = '';
        return;
      }
      line++;
      start = nl + 1;
      const record = open ? `${open.text}\n${raw}` : raw;
      const recordLine = open ? open.start : line;
      open = null;
      if (!record.includes('"')) {
        if (record !== '') yield { line: recordLine, fields: record.split(',') };
      } else {
        const fields = splitQuoted(record);
        if (fields === null) {
          if (nl === -1) yield { line: recordLine, error: 'a quoted field is not closed before the end of the file' };
          else open = { start: recordLine, text: record };
        } else if (Array.isArray(fields)) yield { line: recordLine, fields };
        else yield { line: recordLine, error: fields.error };
      }
      if (nl === -1) {
        pending = '';
        return;
      }
    }
  }

  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    const records = [...take(pending + text, false)];
    if (records.length > 0) yield records;
  }
  const records = [...take(pending + decoder.decode(), true)];
  if (records.length > 0) yield records;
}
