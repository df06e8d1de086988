/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; null is empty. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
