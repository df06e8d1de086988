/**
 * The values of an IN list, without duplicates, padded to the next power of two by repeating the
 * last one: a batch's queries then have a handful of statement texts instead of one per size, so
 * the prepared-statement cache (SQLite) and the server's plans keep serving them. Repeated values
 * change nothing in an IN list. Empty stays empty (callers answer without querying).
 */
export function inList<T>(values: readonly T[]): T[] {
  const unique = [...new Set(values)];
  if (unique.length === 0) return unique;
  let size = 1;
  while (size < unique.length) size *= 2;
  const last = unique[unique.length - 1]!;
  while (unique.length < size) unique.push(last);
  return unique;
}
