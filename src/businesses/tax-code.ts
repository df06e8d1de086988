/**
 * Vietnamese tax code (mã số thuế): 10 digits, or 10 digits + '-' + 3 digits for a branch.
 * The 10th digit is a check digit: 10 − (Σ dᵢ·wᵢ mod 11) over the first nine digits with weights
 * 31, 29, 23, 19, 17, 13, 7, 5, 3. A weighted sum ≡ 0 (mod 11) gives no valid check digit.
 */
const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;
const taxCodePattern = /^(\d{10})(-\d{3})?$/;

/** The check digit of nine leading digits, or null when no digit can be valid. */
export function taxCodeCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * weights[i]!;
  const remainder = sum % 11;
  return remainder === 0 ? null : 10 - remainder;
}

export function isValidTaxCode(value: string): boolean {
  const match = taxCodePattern.exec(value);
  if (!match) return false;
  const base = match[1]!;
  return taxCodeCheckDigit(base.slice(0, 9)) === Number(base[9]);
}

/** Completes nine digits into a valid 10-digit tax code, or null if none exists. */
export function completeTaxCode(firstNine: string): string | null {
  const check = taxCodeCheckDigit(firstNine);
  return check === null ? null : firstNine + String(check);
}
