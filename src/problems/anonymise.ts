import { findWords, foldText } from './vietnamese-fold.js';

/**
 * What a published question and answer must never show: the business's tax code, its name, the
 * number of any declaration, e-mail addresses and telephone numbers. Each is replaced by a
 * placeholder, wherever it appears and however it is written (the name without diacritics or in
 * capitals, the tax code with spaces). Any 10- or 13-digit tax code and any 12-digit declaration
 * number is replaced too, not only the business's own. Pure.
 */
export interface Identity {
  taxCode: string;
  businessName: string;
  /** Declaration numbers to remove whatever their shape (e.g. a dossier number). */
  declarationNos: readonly string[];
}

export const placeholders = {
  business: '[doanh nghiệp]',
  taxCode: '[mã số thuế]',
  declaration: '[số tờ khai]',
  email: '[thư điện tử]',
  phone: '[số điện thoại]',
} as const;

/** Legal forms that begin most business names: the rest of the name is what identifies it. */
const legalForms = [
  'cong ty trach nhiem huu han', 'cong ty co phan', 'cong ty tnhh', 'cong ty cp', 'tong cong ty', 'cong ty', 'tap doan',
  'doanh nghiep tu nhan', 'dntn', 'chi nhanh', 'trach nhiem huu han', 'tnhh', 'co phan', 'mot thanh vien', 'hai thanh vien tro len', 'mtv',
  'co ltd', 'company limited', 'joint stock company', 'jsc', 'ltd', 'company',
];

/** The distinctive part of a business name: its folded words without the legal form. */
export function nameCore(name: string): string {
  let core = ` ${foldText(name)} `;
  for (const form of legalForms) core = core.split(` ${form} `).join(' ');
  return core.trim().replace(/ +/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The digits of a code allowing spaces, dots or dashes between them ("0200 123 457"). */
function spacedDigits(code: string): RegExp | null {
  const digits = code.replace(/\D/g, '');
  if (digits.length < 8) return null;
  return new RegExp(`(?<!\\d)${[...digits].join('[\\s.-]?')}(?:[\\s.-]?-?\\d{3})?(?!\\d)`, 'g');
}

function replaceSpans(text: string, spans: [number, number][], by: string): string {
  let out = text;
  for (const [start, end] of [...spans].sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + by + out.slice(end);
  return out;
}

export function anonymise(input: string, identity: Identity): string {
  let text = input.normalize('NFC');
  for (const no of identity.declarationNos) {
    if (no.trim() !== '') text = text.replace(new RegExp(escapeRegExp(no.trim()), 'gi'), placeholders.declaration);
  }
  const ownTaxCode = spacedDigits(identity.taxCode);
  if (ownTaxCode) text = text.replace(ownTaxCode, placeholders.taxCode);
  text = text.replace(/(?<!\d)\d{12}(?!\d)/g, placeholders.declaration);
  text = text.replace(/(?<!\d)\d{10}(?:-\d{3})?(?!\d)/g, placeholders.taxCode);
  text = text.replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu, placeholders.email);
  text = text.replace(/(?<![\d\p{L}])(?:\+84|0)(?:[\s.-]?\d){8,10}(?!\d)/gu, placeholders.phone);
  text = replaceSpans(text, findWords(text, identity.businessName), placeholders.business);
  const core = nameCore(identity.businessName);
  // A core of one short word ("ABC") would blank ordinary words: only a distinctive core is removed alone.
  if (core.includes(' ') || core.length >= 6) text = replaceSpans(text, findWords(text, core), placeholders.business);
  return text;
}

/** Whether the text still shows any of the identity (what a test, or a reviewer, checks). */
export function showsIdentity(text: string, identity: Identity): boolean {
  const folded = ` ${foldText(text)} `;
  const digits = text.replace(/\D/g, '');
  if (digits.includes(identity.taxCode.replace(/\D/g, ''))) return true;
  const declarationShown = (no: string) => {
    const noDigits = no.replace(/\D/g, '');
    return (no !== '' && text.includes(no)) || (noDigits.length >= 8 && digits.includes(noDigits));
  };
  if (identity.declarationNos.some(declarationShown)) return true;
  const core = nameCore(identity.businessName);
  return folded.includes(` ${foldText(identity.businessName)} `) || (core !== '' && folded.includes(` ${core} `));
}
