import { describe, expect, it } from 'vitest';
import type { PiiEntityConfig, PiiType, RegexConfig } from './definition.ts';
import { evaluatePii } from './pii.ts';
import { PII_DETECTORS } from './pii-detectors.ts';
import { luhn, validIban, validRouting, validSsn } from './pii-validators.ts';

const found = (type: PiiType, text: string) => (PII_DETECTORS[type]?.(text) ?? []).map((s) => s.text);

describe('validators', () => {
  it('Luhn, SSN ranges, ABA routing and IBAN mod-97', () => {
    expect([luhn('4111111111111111'), luhn('4111111111111112'), luhn('79927398713')]).toEqual([
      true,
      false,
      true,
    ]);
    expect(
      ['123456789', '000123456', '666123456', '912345678', '123006789', '123450000'].map(validSsn),
    ).toEqual([true, false, false, false, false, false]);
    // 021000021: 3·(0+0+0) + 7·(2+0+2) + (1+0+1) = 30 ≡ 0
    expect([validRouting('021000021'), validRouting('123456789')]).toEqual([true, false]);
    expect([validIban('GB82 WEST 1234 5698 7654 32'), validIban('GB82 WEST 1234 5698 7654 33')]).toEqual([
      true,
      false,
    ]);
  });
});

describe('PII detectors: clear examples and look-alikes', () => {
  const cases: Array<[PiiType, string, string[]]> = [
    ['EMAIL', 'write to jane.doe+x@mail.example.co.uk today', ['jane.doe+x@mail.example.co.uk']],
    ['EMAIL', 'my email is in the invoice footer', []],
    ['PHONE', 'call 555-123-4567 now', ['555-123-4567']],
    ['PHONE', 'ring +44 20 7946 0958 or 020 7946 0958', ['+44 20 7946 0958', '020 7946 0958']],
    ['PHONE', 'SSN 123-45-6789, order 2024-01-15, ticket 12345678, build 10.2.3.4', []],
    [
      'IP_ADDRESS',
      'servers 192.168.1.10 and 2001:db8::8a2e:370:7334.',
      ['192.168.1.10', '2001:db8::8a2e:370:7334'],
    ],
    ['IP_ADDRESS', 'version 1.2.3 at 10:30:00, not 999.1.1.1', []],
    ['IP_ADDRESS', 'desktop app v10.0.0.1-beta, build 6.1.0.12, version 2.0.0.1', []],
    ['PHONE', 'checking account number is 004417892305; call 0044 20 7946 0958', ['0044 20 7946 0958']],
    [
      'CREDIT_DEBIT_CARD_NUMBER',
      'card 4111 1111 1111 1111 or 5500-0000-0000-0004',
      ['4111 1111 1111 1111', '5500-0000-0000-0004'],
    ],
    ['CREDIT_DEBIT_CARD_NUMBER', 'card 4111 1111 1111 1112, order 1234567890123', []],
    ['US_SOCIAL_SECURITY_NUMBER', 'ssn 123-45-6789; SSN: 234567890', ['123-45-6789', '234567890']],
    ['US_SOCIAL_SECURITY_NUMBER', 'ids 000-12-3456 and 666-12-3456, invoice 123456789', []],
    ['PASSWORD', 'my password is hunter22; pwd=Sup3r!', ['hunter22', 'Sup3r!']],
    ['PASSWORD', 'my password is in the vault; use the password reset link', []],
    ['PASSWORD', 'ACME_PASSWORD=r3d-Panda-77 and user=sam pass=Winter2026!', ['r3d-Panda-77', 'Winter2026!']],
    ['PASSWORD', "the field shows 'password: ********'; I passed the test", []],
    ['US_BANK_ACCOUNT_NUMBER', 'my bank account number is 000123456789', ['000123456789']],
    ['US_BANK_ACCOUNT_NUMBER', 'Acme account ACME-12345678', []],
    [
      'US_BANK_ACCOUNT_NUMBER',
      'my savings account, number 38820174650; company account 9100274418326',
      ['38820174650', '9100274418326'],
    ],
    ['US_BANK_ROUTING_NUMBER', 'routing number 021000021, routing 123456789', ['021000021']],
    ['MAC_ADDRESS', 'mac 00:1A:2B:3C:4D:5E', ['00:1A:2B:3C:4D:5E']],
    ['URL', 'see https://acme.example/help?x=1.', ['https://acme.example/help?x=1']],
    ['NAME', 'Hi, my name is Jane Doe and I need help', ['Jane Doe']],
    ['AGE', 'I am 34 years old', ['34 years old']],
    ['AWS_ACCESS_KEY', 'key AKIAIOSFODNN7EXAMPLE', ['AKIAIOSFODNN7EXAMPLE']],
  ];
  for (const [type, text, expected] of cases) {
    it(`${type}: ${text}`, () => expect(found(type, text)).toEqual(expected));
  }
});

describe('evaluatePii', () => {
  const entities: PiiEntityConfig[] = [
    { type: 'EMAIL', action: 'ANONYMIZE' },
    { type: 'PHONE', action: 'ANONYMIZE' },
    { type: 'CREDIT_DEBIT_CARD_NUMBER', action: 'BLOCK' },
    { type: 'IP_ADDRESS', action: 'ANONYMIZE', outputAction: 'NONE' },
  ];
  const regexes: RegexConfig[] = [{ name: 'acme-account-id', pattern: 'ACME-[0-9]{8}', action: 'ANONYMIZE' }];

  it('masks ANONYMIZE findings with {TYPE} / {regex name} placeholders, exactly', () => {
    const text = 'Mail jane@example.com or call +1 (555) 123-4567 about ACME-12345678 from 10.0.0.7.';
    const r = evaluatePii(entities, regexes, 'INPUT', text);
    expect(r.masked).toBe('Mail {EMAIL} or call {PHONE} about {acme-account-id} from {IP_ADDRESS}.');
    expect(r.blocked).toBe(false);
    expect(r.anonymized).toBe(true);
    expect(r.piiEntities).toEqual([
      { match: 'jane@example.com', type: 'EMAIL', action: 'ANONYMIZED', detected: true },
      // the longer of the overlapping phone spans wins
      { match: '+1 (555) 123-4567', type: 'PHONE', action: 'ANONYMIZED', detected: true },
      { match: '10.0.0.7', type: 'IP_ADDRESS', action: 'ANONYMIZED', detected: true },
    ]);
    expect(r.regexes).toEqual([
      {
        name: 'acme-account-id',
        match: 'ACME-12345678',
        regex: 'ACME-[0-9]{8}',
        action: 'ANONYMIZED',
        detected: true,
      },
    ]);
  });

  it('BLOCK findings block; per-source actions apply (detect-only IPs on OUTPUT are not masked)', () => {
    const r = evaluatePii(entities, regexes, 'OUTPUT', 'card 4111 1111 1111 1111 from 10.0.0.7');
    expect(r.blocked).toBe(true);
    expect(r.anonymized).toBe(false);
    expect(r.masked).toBe('card 4111 1111 1111 1111 from 10.0.0.7');
    expect(r.piiEntities.map((e) => [e.type, e.action])).toEqual([
      ['CREDIT_DEBIT_CARD_NUMBER', 'BLOCKED'],
      ['IP_ADDRESS', 'NONE'],
    ]);
  });

  it('finds nothing in a benign look-alike', () => {
    const r = evaluatePii(entities, regexes, 'INPUT', 'my email is in the invoice footer, page 2 of 3');
    expect(r).toEqual({
      piiEntities: [],
      regexes: [],
      blocked: false,
      anonymized: false,
      masked: 'my email is in the invoice footer, page 2 of 3',
    });
  });
});
