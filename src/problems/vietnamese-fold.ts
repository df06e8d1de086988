/**
 * Diacritics-insensitive matching of Vietnamese text: "thu tuc" finds "thủ tục", "dang ky" finds
 * "Đăng ký". A letter is folded to its base letter in lower case (tones and vowel marks removed,
 * đ/Đ → d); everything that is not a letter or a digit separates words. Pure functions.
 */
const marks = /\p{M}/gu;
const wordChar = /[\p{L}\p{N}]/u;

/** One character folded: 'Ệ' → 'e', 'Đ' → 'd', '7' → '7'. */
export function foldChar(c: string): string {
  return c.normalize('NFD').replace(marks, '').replace(/[đĐÐ]/g, 'd').toLowerCase();
}

/** The text folded, its words separated by single spaces: ' Thủ tục, hải quan! ' → 'thu tuc hai quan'. */
export function foldText(text: string): string {
  return normalise(text).chars.trim();
}

/** The folded words of a search term, at most `max` of them. */
export function searchWords(term: string, max = 10): string[] {
  const folded = foldText(term);
  return folded === '' ? [] : [...new Set(folded.split(' '))].slice(0, max);
}

/** What is stored to search published texts: the folded words with a space before each (and at the end). */
export function searchableText(...texts: string[]): string {
  const words = texts.map(foldText).filter((t) => t !== '').join(' ');
  return ` ${words} `;
}

export interface Normalised {
  /** Folded text, every run of non-word characters as one space. */
  chars: string;
  /** For each folded character, the span [from, to) it came from in the (NFC) original. */
  from: number[];
  to: number[];
}

/** The folded text with the position of each of its characters in the NFC text. */
export function normalise(text: string): Normalised {
  const source = text.normalize('NFC');
  let chars = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const c of source) {
    const end = i + c.length;
    const folded = foldChar(c);
    if (folded !== '' && [...folded].every((f) => wordChar.test(f))) {
      for (const f of folded) {
        chars += f;
        from.push(i);
        to.push(end);
      }
    } else if (chars.endsWith(' ')) {
      to[to.length - 1] = end;
    } else {
      chars += ' ';
      from.push(i);
      to.push(end);
    }
    i = end;
  }
  return { chars, from, to };
}

/**
 * The spans of the NFC text where `needle` occurs as whole words, whatever the diacritics, case,
 * spacing or punctuation between its words.
 */
export function findWords(text: string, needle: string): [number, number][] {
  const hay = normalise(text);
  const target = foldText(needle);
  if (target === '') return [];
  const spans: [number, number][] = [];
  let at = hay.chars.indexOf(target);
  while (at !== -1) {
    const end = at + target.length;
    const startsWord = at === 0 || hay.chars[at - 1] === ' ';
    const endsWord = end === hay.chars.length || hay.chars[end] === ' ';
    if (startsWord && endsWord) spans.push([hay.from[at]!, hay.to[end - 1]!]);
    at = hay.chars.indexOf(target, at + 1);
  }
  return spans;
}
