/**
 * PII detectors: per entity type, a regex for its shape, a validator where the type has one (Luhn, SSN
 * ranges, ABA and IBAN checksums, IP parsing, phone shapes) and, for types that are only digits or only words,
 * a cue (`password:`, `routing number`, `my name is`…) with the value after it as the entity. Types listed in
 * definition.ts but missing here are accepted in a definition and never detected locally.
 */
import type { PiiType } from './definition.ts';
import {
  luhn,
  validCard,
  validIban,
  validIp,
  validNhs,
  validPhone,
  validRouting,
  validSsn,
  validVin,
} from './pii-validators.ts';

export interface Span {
  start: number;
  end: number;
  text: string;
}

type Detector = (text: string) => Span[];

const _STOP = new Set(
  'is was in on at the a an my your our of to for and or not too very set reset'.split(' '),
);

/** Matches of `re` (group `group` when given, via the `d` flag), kept when `ok(value)`; trailing `.,;:!?` trimmed. */
function _scan(re: RegExp, ok: (v: string) => boolean = () => true, group = 0): Detector {
  const flags = new Set([...re.flags, 'g', 'd']);
  const rx = new RegExp(re.source, [...flags].join(''));
  return (text) => {
    const out: Span[] = [];
    for (const m of text.matchAll(rx)) {
      const at = m.indices?.[group];
      if (!at) continue;
      let [start, end] = at;
      while (end > start && /[.,;:!?)]/.test(text[end - 1]!)) end--;
      const value = text.slice(start, end);
      if (value && ok(value)) out.push({ start, end, text: value });
    }
    return out;
  };
}

function _any(...ds: Detector[]): Detector {
  return (text) => {
    const seen = new Set<string>();
    return ds
      .flatMap((d) => d(text))
      .filter((s) => !seen.has(`${s.start}:${s.end}`) && seen.add(`${s.start}:${s.end}`));
  };
}

/** A cue word/phrase, an optional `is`/`:`/`=`/`#`, then the value (group 1). */
function _cue(cue: string, value: string): RegExp {
  return new RegExp(
    `\\b(?:${cue})\\b(?:,?\\s+(?:is|was|number|no\\.?|#))*\\s*[:=#]?\\s*["']?(${value})`,
    'i',
  );
}

const _password: Detector = (text) => {
  const rx =
    /(?<![a-z])(pass(?:word|wd|code|phrase)?|pwd)(?![a-z])(\s+(?:is|was)\b)?\s*([:=])?\s*["']?([^\s"']+)/dgi;
  const out: Span[] = [];
  for (const m of text.matchAll(rx)) {
    const at = m.indices?.[4];
    // `pass` alone only as `pass=` / `pass:`
    if (!at || (!m[2] && !m[3]) || (m[1]!.toLowerCase() === 'pass' && !m[3])) continue;
    let [start, end] = at;
    while (end > start && /[.,;)]/.test(text[end - 1]!)) end--;
    const v = text.slice(start, end);
    const strong = /[^a-z]/.test(v) || v.length >= 8;
    const real = /[\p{L}\p{N}]/u.test(v) && !_STOP.has(v.toLowerCase());
    if (v.length >= 3 && real && (m[3] || strong)) out.push({ start, end, text: v });
  }
  return out;
};

const _CAP = "[A-Z][a-z'’-]+";

export const PII_DETECTORS: Partial<Record<PiiType, Detector>> = {
  EMAIL: _scan(/(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/),
  PHONE: _any(
    _scan(/(?<![\w+])(?:\+|00)[1-9]\d{0,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\w)/, validPhone),
    _scan(/(?<![\w+])(?:1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w)/, validPhone),
    _scan(/(?<![\w+])0\d{1,4}(?:[\s.-]\d{2,4}){2,4}(?!\w)/, validPhone),
  ),
  IP_ADDRESS: _any(
    // not a version number: no `v`, `version`, `build` or `release` just before, no `-suffix` after
    _scan(/(?<![\d.]|\bv|(?:version|build|release)\s)(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d|-\w)/i, validIp),
    _scan(/(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/, validIp),
  ),
  CREDIT_DEBIT_CARD_NUMBER: _scan(/(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/, validCard),
  US_SOCIAL_SECURITY_NUMBER: _any(
    _scan(/(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/, validSsn),
    _scan(_cue('ssn|social security', '\\d{9}'), validSsn, 1),
  ),
  PASSWORD: _password,
  USERNAME: _scan(
    _cue('username|user name|user id|userid|login', '[A-Za-z0-9._@-]{3,}'),
    (v) => !_STOP.has(v.toLowerCase()),
    1,
  ),
  PIN: _scan(_cue('pin|pin code', '\\d{4,8}'), () => true, 1),
  CREDIT_DEBIT_CARD_CVV: _scan(_cue('cvv2?|cvc2?|security code', '\\d{3,4}'), () => true, 1),
  CREDIT_DEBIT_CARD_EXPIRY: _scan(
    _cue(
      'exp|expiry|expiration|expiration date|expiry date|expires|valid thru',
      '(?:0[1-9]|1[0-2])\\s*/\\s*(?:\\d{4}|\\d{2})',
    ),
    () => true,
    1,
  ),
  US_BANK_ACCOUNT_NUMBER: _any(
    _scan(
      _cue('bank account|checking account|savings account|account number|acct|account no', '\\d{6,17}'),
      () => true,
      1,
    ),
    _scan(_cue('account', '\\d{10,17}\\b'), () => true, 1),
  ),
  US_BANK_ROUTING_NUMBER: _scan(_cue('routing|routing number|aba|rtn', '\\d{9}'), validRouting, 1),
  INTERNATIONAL_BANK_ACCOUNT_NUMBER: _scan(
    /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/,
    validIban,
  ),
  SWIFT_CODE: _scan(
    _cue('swift|bic|swift code|swift/bic', '[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\\b'),
    () => true,
    1,
  ),
  URL: _scan(/\b(?:https?:\/\/|www\.)[^\s<>"'\]]+/i),
  MAC_ADDRESS: _scan(/\b[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}\b/),
  AWS_ACCESS_KEY: _scan(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/),
  AWS_SECRET_KEY: _scan(
    _cue('secret|secret key|secret access key|aws_secret_access_key', '[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])'),
    () => true,
    1,
  ),
  UK_NATIONAL_INSURANCE_NUMBER: _scan(
    /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/,
  ),
  UK_NATIONAL_HEALTH_SERVICE_NUMBER: _scan(_cue('nhs|nhs number', '\\d{3} ?\\d{3} ?\\d{4}'), validNhs, 1),
  UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER: _scan(
    _cue('utr|unique taxpayer reference', '\\d{5} ?\\d{5}'),
    () => true,
    1,
  ),
  US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: _scan(/\b9\d{2}-(?:5\d|6[0-5]|7\d|8[0-8]|9[0-24-9])-\d{4}\b/),
  US_PASSPORT_NUMBER: _scan(_cue('passport|passport number', '[A-Z]?\\d{8,9}\\b'), () => true, 1),
  CA_SOCIAL_INSURANCE_NUMBER: _scan(
    _cue('sin|social insurance', '\\d{3}[ -]?\\d{3}[ -]?\\d{3}\\b'),
    (v) => luhn(v.replace(/\D/g, '')),
    1,
  ),
  CA_HEALTH_NUMBER: _scan(
    _cue('health card|health number|ohip', '\\d{4}[ -]?\\d{3}[ -]?\\d{3}\\b'),
    () => true,
    1,
  ),
  DRIVER_ID: _scan(
    _cue("driver'?s? licen[cs]e|driving licen[cs]e|dl", '[A-Z0-9-]{5,16}\\b'),
    (v) => /\d/.test(v),
    1,
  ),
  LICENSE_PLATE: _scan(
    _cue('licen[cs]e plate|number plate|plate', '[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5}\\b'),
    (v) => /\d/.test(v) && /[A-Z]/i.test(v),
    1,
  ),
  VEHICLE_IDENTIFICATION_NUMBER: _scan(/\b[A-HJ-NPR-Z0-9]{17}\b/, validVin),
  NAME: _any(
    _scan(
      new RegExp(
        `\\b(?:[Mm]y name is|[Nn]ame:|[Rr]egards,|[Ss]incerely,|[Cc]all me)\\s*(${_CAP}(?:\\s${_CAP}){0,2})`,
      ),
      () => true,
      1,
    ),
    _scan(new RegExp(`\\b(?:Mr|Mrs|Ms|Dr|Prof)\\.?\\s(${_CAP}(?:\\s${_CAP})?)`), () => true, 1),
  ),
  ADDRESS: _scan(
    /\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close)\b\.?(?:,?\s(?:Apt|Suite|Unit)\.?\s?\w+)?(?:,\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?(?:,\s[A-Z]{2})?(?:\s\d{5}(?:-\d{4})?)?/,
  ),
  AGE: _scan(/\b(\d{1,3})[- ]?(?:years?|yrs?)[- ]old\b/i),
};
