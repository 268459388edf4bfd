/** Checksums and range checks of the PII detectors (pure functions of a digit/character string). */
import { isIP } from 'node:net';

export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** Luhn mod-10 (payment cards, Canadian SIN). */
export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A payment card: 13–19 digits, an issuer prefix 2–6 (Visa, Mastercard, Amex, Discover, JCB, Diners…), Luhn. */
export function validCard(text: string): boolean {
  const d = digitsOf(text);
  return d.length >= 13 && d.length <= 19 && /^[2-6]/.test(d) && luhn(d);
}

/** US SSN ranges: area not 000, 666 or 900–999; group not 00; serial not 0000. */
export function validSsn(text: string): boolean {
  const d = digitsOf(text);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  return (
    area !== '000' &&
    area !== '666' &&
    !area.startsWith('9') &&
    d.slice(3, 5) !== '00' &&
    d.slice(5) !== '0000'
  );
}

/** ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function validRouting(text: string): boolean {
  const d = digitsOf(text);
  if (d.length !== 9) return false;
  const n = [...d].map(Number);
  const sum = 3 * (n[0]! + n[3]! + n[6]!) + 7 * (n[1]! + n[4]! + n[7]!) + (n[2]! + n[5]! + n[8]!);
  return sum % 10 === 0;
}

/** IBAN mod-97 (ISO 13616): move the first 4 characters to the end, letters → 10..35, remainder 1. */
export function validIban(text: string): boolean {
  const s = text.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1;
}

/** UK NHS number: 10 digits, mod-11 check digit. */
export function validNhs(text: string): boolean {
  const d = digitsOf(text);
  if (d.length !== 10) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(d[9]) && check !== 10;
}

const _VIN_VALUES: Record<string, number> = Object.fromEntries(
  [...'ABCDEFGHJKLMNPRSTUVWXYZ'].map((c, i) => [
    c,
    [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]!,
  ]),
);
const _VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** North American VIN check digit (position 9). */
export function validVin(text: string): boolean {
  const s = text.toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(s) || !/\d/.test(s) || !/[A-Z]/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s[i]!;
    sum += (/\d/.test(c) ? Number(c) : (_VIN_VALUES[c] ?? 0)) * _VIN_WEIGHTS[i]!;
  }
  const check = sum % 11;
  return s[8] === (check === 10 ? 'X' : String(check));
}

/** IPv4 (each octet 0–255) or IPv6 (node's parser), and not a bare `::`. */
export function validIp(text: string): boolean {
  if (isIP(text) === 4) return true;
  return isIP(text) === 6 && (text.match(/[0-9a-f]/gi)?.length ?? 0) >= 3;
}

/**
 * A phone number shape: E.164 (`+`, country code, 8–15 digits; `00` instead of `+` only with separators), NANP (`(555) 123-4567`,
 * `555-123-4567`, `+1 555 123 4567`: 10 digits, or 11 starting with 1) or a European national number (leading
 * 0, 10–11 digits with separators).
 */
export function validPhone(text: string): boolean {
  const d = digitsOf(text);
  if (text.startsWith('+')) return d.length >= 8 && d.length <= 15;
  if (text.startsWith('00')) return /[\s.-]/.test(text) && d.length >= 10 && d.length <= 17;
  if (/^\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}$/.test(text)) return d.length === 10;
  if (/^1[\s.-]\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}$/.test(text)) return true;
  return /^0\d/.test(text) && /[\s.-]/.test(text) && d.length >= 10 && d.length <= 11;
}
