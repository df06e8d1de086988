/**
 * Case-tolerant "contains" search that behaves the same on SQLite and PostgreSQL. SQLite's LIKE
 * folds ASCII case only and PostgreSQL's LIKE folds none, so a term is tried as typed, in lower
 * case, in upper case and with each word capitalised: "đỗ văn" finds "Đỗ Văn An", "cb100" finds
 * "CB10001". Diacritics are matched as typed ("Hai" does not find "Hải").
 */
export const maxSearchLength = 100;

function capitaliseWords(text: string): string {
  return text.replace(/(^|\s)(\S)/gu, (_, space: string, first: string) => space + first.toLocaleUpperCase('vi'));
}

/** The spellings of a search term to try; empty when the term is blank. */
export function textVariants(term: string): string[] {
  const text = term.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (text === '') return [];
  const lower = text.toLocaleLowerCase('vi');
  return [...new Set([text, lower, text.toLocaleUpperCase('vi'), capitaliseWords(lower)])];
}

/** Escapes LIKE wildcards with a backslash (queries declare `escape '\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** LIKE patterns for "contains one of the spellings of term". */
export function containsPatterns(term: string): string[] {
  return textVariants(term).map((v) => `%${escapeLike(v)}%`);
}
