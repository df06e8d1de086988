/**
 * Time rules. Instants are stored as epoch milliseconds (UTC). Customs days, periods and deadlines
 * are Vietnam calendar days (Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving).
 */
export const vietnamOffsetMs = 7 * 3_600_000;
const dayMs = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// The last day `vietnamDay` made: an import asks for the same few days over and over.
let lastDayNumber = Number.NaN;
let lastDay = '';

/** 'YYYY-MM-DD' of the Vietnam calendar day containing the instant. */
export function vietnamDay(epochMs: number): string {
  // Whole milliseconds within Date's range, as `new Date` takes them (else the day is 'NaN-NaN-NaN').
  const shifted = Math.trunc(epochMs + vietnamOffsetMs);
  const dayNumber = Math.abs(shifted) <= 8.64e15 ? Math.floor(shifted / dayMs) : Number.NaN;
  if (dayNumber !== lastDayNumber) {
    const d = new Date(dayNumber * dayMs);
    lastDay = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    lastDayNumber = dayNumber;
  }
  return lastDay;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when the components name a real calendar date and time. */
function isRealDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : monthDays[mo - 1]!);
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' (a real date); returns it unchanged, or null. */
export function parseDay(value: string): string | null {
  const m = dayPattern.exec(value);
  if (!m) return null;
  return isRealDateTime(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0) ? value : null;
}

/** Epoch ms of 00:00 Vietnam time on the given day. */
export function startOfVietnamDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - vietnamOffsetMs;
}

/** The day `n` calendar days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return vietnamDay(startOfVietnamDay(day) + n * dayMs);
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const vietnamesePattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === '+07:00') return vietnamOffsetMs;
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return Number.NaN;
  return sign * (hours * 3_600_000 + minutes * 60_000);
}

/**
 * Parses a declaration time: ISO 8601 with or without offset (without = Vietnam time) or
 * 'dd/mm/yyyy HH:mm[:ss]' (Vietnam time). Returns epoch ms, or null for anything not a real time.
 */
export function parseInstant(value: string): number | null {
  const text = value.trim();
  const usual = usualFeedInstant(text);
  if (usual !== undefined) return usual;
  let y: number, mo: number, d: number, h: number, mi: number, s: number;
  let zone: string | undefined;
  let millis = 0;
  const iso = isoPattern.exec(text);
  if (iso) {
    y = +iso[1]!; mo = +iso[2]!; d = +iso[3]!; h = +iso[4]!; mi = +iso[5]!; s = iso[6] ? +iso[6] : 0;
    millis = iso[7] ? Number(iso[7].slice(0, 3).padEnd(3, '0')) : 0;
    zone = iso[8];
  } else {
    const vn = vietnamesePattern.exec(text);
    if (!vn) return null;
    y = +vn[3]!; mo = +vn[2]!; d = +vn[1]!; h = +vn[4]!; mi = +vn[5]!; s = vn[6] ? +vn[6] : 0;
  }
  if (!isRealDateTime(y, mo, d, h, mi, s)) return null;
  const offset = offsetMs(zone);
  if (Number.isNaN(offset)) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, millis) - offset;
}

/** The number of `length` ASCII digits at `from`, or -1. */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The feed's usual form, 'YYYY-MM-DDTHH:MM:SS+07:00', read character by character: an import reads
 * two a row, and the patterns took 2.5 µs each. Undefined for any other text (the patterns judge it).
 */
function usualFeedInstant(text: string): number | null | undefined {
  if (text.length !== 25 || !text.endsWith('+07:00') || text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return undefined;
  if (text[10] !== 'T' && text[10] !== 't' && text[10] !== ' ') return undefined;
  const [y, mo, d, h, mi, s] = [digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2), digitsAt(text, 11, 2), digitsAt(text, 14, 2), digitsAt(text, 17, 2)];
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return undefined;
  return isRealDateTime(y, mo, d, h, mi, s) ? Date.UTC(y, mo - 1, d, h, mi, s) - vietnamOffsetMs : null;
}

/** ISO 8601 text of an instant in Vietnam time, e.g. 2020-04-01T08:30:00+07:00. */
export function formatVietnamInstant(epochMs: number): string {
  const d = new Date(epochMs + vietnamOffsetMs);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`
  );
}
