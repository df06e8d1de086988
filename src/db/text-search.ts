import { sql, type Expression, type SqlBool } from 'kysely';
import { containsPatterns, escapeLike } from '../shared/text-search.js';

// SQL fragments shared by repositories for searching text columns (dialect-neutral LIKE).

/** True when any of the columns contains any spelling of the term (see textVariants). */
export function anyColumnContains(columns: readonly string[], term: string): Expression<SqlBool> {
  const tests = containsPatterns(term).flatMap((pattern) =>
    columns.map((column) => sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`));
  return tests.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}

/** True when the column starts with the prefix (case as given); callers add an index range. */
export function columnStartsWith(column: string, prefix: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`${escapeLike(prefix)}%`} escape '\\'`;
}
