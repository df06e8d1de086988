import { Type } from 'typebox';
import { maxSearchLength } from '../shared/text-search.js';

// Pieces of the query-string schemas of the browsable pages. Forms send every field, empty or not,
// so each filter accepts the empty string as "not set".

export const SearchText = Type.String({ maxLength: maxSearchLength });

export const PageNumber = Type.Integer({ minimum: 1, maximum: 1_000_000 });

/** A day from an `<input type="date">`: 'YYYY-MM-DD' or empty. Real-date checks follow in the route. */
export const DayOrEmpty = Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' });

/** One of the given values, or empty for "any". */
export function OneOfOrEmpty(values: readonly string[]) {
  return Type.String({ enum: ['', ...values] });
}
