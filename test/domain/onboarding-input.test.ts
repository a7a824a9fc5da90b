import { readFileSync } from 'node:fs';
import path from 'node:path';
import { msToNumber } from '@temporalio/common/lib/time';
import { maxRequestBytes, onboardingInput, parseOnboardingRequest } from '../../domain/input';
import { countryCodes } from '../../domain/inputs/countries';
import { durationMs } from '../../domain/inputs/common';
import { isSsn } from '../../domain/inputs/identity';
import { isChecksumAddress, toChecksumAddress } from '../../domain/ethereum-address';
import { kycDecisionPayload, otpCodeOf, resendOtpPayload, submitOtpPayload, supplyCredentialPayload } from '../../domain/messages';
import { demoRequest } from '../../dev/demo-requests';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { badInputs } from '../support/bad-inputs';
import { sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { sampleFlows, type SampleFlowName } from '../../providers/registry';
import { sandboxAdmin } from '../../dev/sandbox/admin-client';

/** The input schemas alone: what they accept, how they normalise, and the bad-input table. */

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwZXJzb24ifQ.c2lnbmF0dXJl';
const fieldsOf = (request: unknown) => {
  const parsed = parseOnboardingRequest(request);
  return parsed.success ? [] : parsed.issues.map((i) => i.field);
};

describe('valid requests', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const seeds = () => [soveraRequest(), stoknRequest(), sfoxIndividualRequest(), sfoxCorporationRequest(), sumvinRequest(jwt)];

  test('every seed request of the tests passes', () => {
    for (const request of seeds()) expect(fieldsOf(request)).toEqual([]);
  });

  test('every demo request passes (every sample flow of every provider)', async () => {
    const flows = Object.keys(sampleFlows) as SampleFlowName[];
    expect(flows).toEqual(['sovera', 'stokn', 'sfox-individual', 'sfox-corporation', 'sumvin', 'cybrid']);
    const requests = await Promise.all(flows.map((flow) => demoRequest(flow, sandboxAdmin(sandbox.url))));
    for (const request of requests) expect(fieldsOf(request)).toEqual([]);
  });

  test("docs/api.md's example request passes", () => {
    const page = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    const example = /## A request\s+```json\n([\s\S]*?)```/.exec(page)?.[1];
    expect(example).toBeDefined();
    expect(fieldsOf(JSON.parse(example!))).toEqual([]);
  });

  test('the normalised input parses to itself (the workflow may check it again)', () => {
    for (const request of seeds()) {
      const once = onboardingInput.parse(request);
      expect(onboardingInput.parse(once)).toEqual(once);
    }
  });

  test('names, addresses and values of the wide world are accepted', () => {
    const names = ["O'Brien", 'Jean-Luc', 'Nguyễn Văn', 'José María', '山田', 'محمد', 'Zoë', 'J. R.'];
    for (const firstName of names) expect(fieldsOf(soveraRequest({ person: { ...soveraRequest().person, firstName } }))).toEqual([]);
    const british = {
      ...soveraRequest().person,
      address: { country: 'GB', line1: '10 Downing Street', city: 'London', state: 'England', postalCode: 'SW1A 2AA' },
    };
    expect(fieldsOf(soveraRequest({ person: british }))).toEqual([]);
    expect(fieldsOf(soveraRequest({ person: { ...soveraRequest().person, phone: { country: 'FR', number: '0612345678' } } }))).toEqual([]);
    expect(fieldsOf(soveraRequest({ deposit: { currency: 'USDC', network: 'ethereum-sepolia' } }))).toEqual([]);
    expect(fieldsOf({ ...stoknRequest(), deposit: { asset: 'usdc', network: 'eth' } })).toEqual([]);
  });

  test('an SSN written with dashes is kept as its 9 digits', () => {
    const person = { ...soveraRequest().person, identity: { type: 'ssn' as const, number: '123-45-6789', country: 'US' } };
    const parsed = onboardingInput.parse(soveraRequest({ person }));
    expect(parsed.provider === 'sovera' && parsed.person.identity.number).toBe('123456789');
    expect(['123456789', '123-45-6789', '899-99-9999'].every(isSsn)).toBe(true);
    expect(['000-12-3456', '666-12-3456', '900-12-3456', '123-00-4567', '123-45-0000', '12-345-6789', '1234567890'].some(isSsn)).toBe(false);
  });

  test('EOAs: EIP-55 test vectors, and addresses written in one case (no checksum) are accepted', () => {
    // The four vectors of EIP-55 itself.
    const vectors = [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ];
    expect(vectors.every(isChecksumAddress)).toBe(true);
    expect(vectors.map((v) => toChecksumAddress(v.toLowerCase()))).toEqual(vectors);
    for (const eoaAddress of [...vectors, vectors[0].toLowerCase(), `0x${vectors[0].slice(2).toUpperCase()}`]) {
      expect(fieldsOf(sumvinRequest(jwt, { eoaAddress }))).toEqual([]);
    }
  });

  test("durations are read by the SDK's own parser, within 1 second and 400 days", () => {
    for (const d of ['1 second', '1s', '90s', '1.5h', '1 hour', '30 days', '1 week', '400 days', '1 year']) {
      expect(durationMs(d)).toBe(msToNumber(d as '1s'));
      expect(fieldsOf(soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: d } }))).toEqual([]);
    }
    for (const d of ['999ms', '401 days', '2 years', '30\tdays', ' 30 days', '30 days ', '1e3', 'P30D', '30 jours']) {
      expect(fieldsOf(soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: d } }))).toContain('wait.kycDeadline');
    }
  });

  test('country codes are ISO 3166-1 alpha-2, without the non-ISO codes of libphonenumber', () => {
    for (const c of ['US', 'FR', 'GB', 'DE', 'JP', 'BR', 'IN', 'NG']) expect(countryCodes.has(c)).toBe(true);
    for (const c of ['AC', 'TA', 'XK', 'UK', 'EU', 'ZZ', 'us']) expect(countryCodes.has(c)).toBe(false);
  });

  test(`the largest valid request is far below the ${maxRequestBytes}-byte limit`, () => {
    const at = (n: number) => 'A'.repeat(n);
    const base = sfoxCorporationRequest();
    const owner = {
      ...base.beneficialOwners[0],
      firstName: at(100),
      middleName: at(100),
      lastName: at(100),
      email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}.com`,
      address: { country: 'GB', line1: at(80), city: at(100), state: at(50), postalCode: 'SW1A2AA' },
      identity: { type: 'passport' as const, number: at(20), country: 'GB' },
    };
    const largest = {
      ...base,
      reference: at(64),
      person: { ...base.person, firstName: at(100), lastName: at(100), email: owner.email },
      business: { ...base.business, entityName: at(200), registrationNumber: at(50), description: at(1000), website: `https://${'w'.repeat(180)}.example.com` },
      beneficialOwners: Array.from({ length: 25 }, () => owner),
    };
    expect(fieldsOf(largest)).toEqual([]);
    const bytes = Buffer.byteLength(JSON.stringify(largest));
    expect(bytes).toBeLessThan(maxRequestBytes);
  });
});

describe('the bad-input table, schema only (the end-to-end test runs it through the client)', () => {
  test.each(badInputs.map((c) => [`${c.provider}: ${c.what}`, c] as const))('%s', (_name, bad) => {
    expect(fieldsOf(bad.build(jwt))).toContain(bad.field);
  });
});

describe('message payloads', () => {
  test('a KYC decision: one of two decisions, a capped reason without invisible characters, an id as decidedBy', () => {
    expect(kycDecisionPayload.safeParse({ decision: 'REJECTED', reason: 'document forged', decidedBy: 'support-1' }).success).toBe(true);
    expect(kycDecisionPayload.safeParse({ decision: 'VERIFIED' }).success).toBe(true);
    expect(kycDecisionPayload.safeParse({ decision: 'REJECTED', reason: 'r'.repeat(500) }).success).toBe(true);
    for (const bad of [
      { decision: 'verified' },
      { decision: 'REJECTED', reason: 'r'.repeat(501) },
      { decision: 'REJECTED', reason: 'bad\u0000' },
      { decision: 'REJECTED', decidedBy: 'Jane Smith' },
      { decision: 'REJECTED', extra: 1 },
    ]) {
      expect(kycDecisionPayload.safeParse(bad).success).toBe(false);
    }
  });

  test("an OTP code: digits only, and exactly the provider's length when asked", () => {
    expect(submitOtpPayload.safeParse({ code: '1234' }).success).toBe(true);
    expect(submitOtpPayload.safeParse({ code: '123' }).success).toBe(false);
    expect(submitOtpPayload.safeParse({ code: '１２３４' }).success).toBe(false); // full-width digits
    expect(otpCodeOf(6).safeParse({ code: '123456' }).success).toBe(true);
    expect(otpCodeOf(6).safeParse({ code: '1234' }).success).toBe(false);
  });

  test('a credential: a token without spaces, at most 8 KB; resendOtp takes no argument', () => {
    expect(supplyCredentialPayload.safeParse({ credential: { secret: jwt } }).success).toBe(true);
    expect(supplyCredentialPayload.safeParse({ credential: { secret: '' } }).success).toBe(false);
    expect(supplyCredentialPayload.safeParse({ credential: { secret: 'a b' } }).success).toBe(false);
    expect(supplyCredentialPayload.safeParse({ credential: jwt }).success).toBe(false);
    expect(resendOtpPayload.safeParse({}).success).toBe(true);
    expect(resendOtpPayload.safeParse({ now: true }).success).toBe(false);
    expect(resendOtpPayload.safeParse(undefined).success).toBe(false); // plaintext or argument-less resends are refused
  });
});
