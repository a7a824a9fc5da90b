import { scrub } from '../../providers/failures';
import { bodyShape } from '../../providers/body-shape';
import { maskEmail, maskPhone } from '../../providers/masking';

/** Error messages go into histories and logs: values of the person are masked, ids stay readable. */
describe('scrub', () => {
  it.each([
    // ids stay intact (before, a uuid came out as "28ebceee-[number]-b4f[number]…")
    ['sovera GET /users/28ebceee-1f3a-4b4f-9a2b-0c1d2e3f4a5b: User not found', 'sovera GET /users/28ebceee-1f3a-4b4f-9a2b-0c1d2e3f4a5b: User not found'],
    ['A wallet with this name already exists (onboarding-customer-20240115)', 'A wallet with this name already exists (onboarding-customer-20240115)'],
    [
      'sumvin PUT /v0/user/me/phone/code: incorrect code, 2 attempts remaining [USR-422-010]',
      'sumvin PUT /v0/user/me/phone/code: incorrect code, 2 attempts remaining [USR-422-010]',
    ],
    ['wallet wal_8f3a9d2c7e4a of usr_abc123 on networks/bitcoin-testnet', 'wallet wal_8f3a9d2c7e4a of usr_abc123 on networks/bitcoin-testnet'],
    ['token expired at 2026-01-15T10:30:00.000Z', 'token expired at 2026-01-15T10:30:00.000Z'],
    ['HTTP 404; name must be at most 100 characters; 5 attempts left', 'HTTP 404; name must be at most 100 characters; 5 attempts left'],
    ['stokn POST /v1/user/sign-up: no answer (ECONNRESET)', 'stokn POST /v1/user/sign-up: no answer (ECONNRESET)'],
    // values of the person are masked
    ['A user with email john.doe+sov-1@example.com already exists', 'A user with email [email] already exists'],
    ['phone_number +14155552671 is not a mobile', 'phone_number [number] is not a mobile'],
    ['phone (415) 555-2671 is invalid', 'phone [number] is invalid'],
    ['phone +1 415 555 2671 is invalid', 'phone [number] is invalid'],
    ['id_number 123-45-6789 is not a valid SSN', 'id_number [number] is not a valid SSN'],
    ['SSN 123456789 is taken', 'SSN [number] is taken'],
    ['code 482913 is wrong', 'code [number] is wrong'],
    ['Stokn code 4711 is wrong', 'Stokn code [number] is wrong'],
    ['dob: 1990-10-15 is under 18', 'dob: [number] is under 18'],
    ['Bearer 012d23b0d9a7d6c7d0b0429963eece727c4eca18635978d0bd6ffe6d1eaaed10 revoked', 'Bearer [token] revoked'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ refused', 'jwt [token] refused'],
    ['session Zk3q_8mX2vT9wLp0aR5sYb1cNd7eFg4hJi6kMn8oPq2 unknown', 'session [token] unknown'],
  ])('%s', (message, scrubbed) => {
    expect(scrub(message)).toBe(scrubbed);
  });

  it('keeps the ids it is told are ours, even all digits', () => {
    expect(scrub('no user for reference 20240115 (ours) nor 4155552671', ['20240115'])).toBe('no user for reference 20240115 (ours) nor [number]');
    // ...as whole ids only: a reference of digits found inside a phone number unmasks nothing.
    expect(scrub('phone +12025550123 refused for 2025', ['2025'])).toBe('phone [number] refused for 2025');
  });
});

describe('bodyShape', () => {
  it('names keys and types, never values', () => {
    const body = { error: 'code 123456 is wrong', details: { attempts: 2, ok: false, list: [{ at: 'x' }] }, 'jane@example.com': 1, empty: null };
    const shape = bodyShape(body);
    expect(shape).toBe('{error: string, details: {attempts: number, ok: boolean, list: [{at: string}]}, (key): number, empty: null}');
    expect(shape).not.toMatch(/123456|jane/);
    expect(bodyShape('plain text')).toBe('string');
    expect(bodyShape(undefined)).toBe('undefined');
  });
});

describe('masking', () => {
  it('shows the country code and the last four digits of a phone, the first letter and domain of an email', () => {
    expect(maskPhone('+14155552671')).toBe('+1 *** *** 2671');
    expect(maskPhone('+447911123456')).toBe('+44 *** *** 3456');
    expect(maskPhone('2252542523')).toBe('*** *** 2523');
    expect(maskEmail('sean@example.com')).toBe('s***@example.com');
  });
});
