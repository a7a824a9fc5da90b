import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { credentialMarker, personViewOf, redactPayload, redactValue, withheldPayload, type PersonView } from '../../codec-server/redaction';
import { masked } from '../../domain/masking';
import { sfoxCorporationRequest, soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl';
const views: PersonView[] = ['full', 'masked', 'hidden'];
const shown = (value: unknown, view: PersonView) => redactValue(value, view).value as never;

/** The redaction table of codec-server/redaction.ts, field by field. */
describe('codec server redaction', () => {
  test('roles: compliance reads a person in full, support masked, operator not at all', () => {
    expect(personViewOf({ id: 'c', role: 'compliance' })).toBe('full');
    expect(personViewOf({ id: 's', role: 'support' })).toBe('masked');
    expect(personViewOf({ id: 'o', role: 'operator' })).toBe('hidden');
  });

  test('credentials are never shown, to any view: passwords, JWTs, tokens, OTP codes, {secret} and sealed values', () => {
    const stokn = stoknRequest();
    const values = [
      stokn,
      sumvinRequest(jwt),
      { code: '123456', actor: { id: 'backend-1', role: 'backend' } },
      '4711',
      { credential: { token: { secret: 'sovera-user-token' }, refreshToken: { secret: 'r' } } },
      { step: 'awaiting-otp', challenge: { challengeId: 'ch-1', expiresAt: '2027-01-01T00:00:00Z' } },
      { accessToken: 'plain-token', kycAppToken: 'app', session: { token: 'raw' } },
      { whatever: { sealed: 'v1.abc' } },
      { whatever: { $sealed: { keyId: 'w', data: 'abc' } } },
      { message: `provider said: bad header ${jwt}` },
      jwt,
    ];
    for (const view of views) {
      const text = JSON.stringify(values.map((v) => shown(v, view)));
      for (const secret of ['correct-horse-42', jwt, '123456', 'sovera-user-token', 'plain-token', '"app"', 'raw', 'v1.abc', '"abc"', '"4711"']) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain(credentialMarker);
      // Ids, steps and states stay.
      expect(text).toContain(stokn.reference);
      expect(text).toContain('2027-01-01T00:00:00Z');
    }
  });

  test("a Sovera person: full for compliance; email's first letter and domain, phone's last 3 digits for support; nothing for operator", () => {
    const request = soveraRequest();
    const { person } = request;
    const full = shown(request, 'full') as typeof request;
    expect(full.person).toEqual(person);

    const forSupport = shown(request, 'masked') as typeof request;
    expect(forSupport.reference).toBe(request.reference);
    expect(forSupport.person.email).toBe(`j…@example.com`);
    expect(forSupport.person.phone.number).toBe(`…${person.phone.number.slice(-3)}`);
    expect(forSupport.person.firstName).toBe(masked);
    expect(forSupport.person.dateOfBirth).toBe(masked);
    expect(forSupport.person.address).toEqual({ country: masked, line1: masked, city: masked, state: masked, postalCode: masked });
    expect(forSupport.person.identity.number).toBe(masked);

    const forOperator = shown(request, 'hidden') as typeof request;
    expect(forOperator.reference).toBe(request.reference);
    expect(forOperator.provider).toBe('sovera');
    expect(forOperator.wait).toEqual(request.wait);
    expect(JSON.stringify(forOperator.person)).not.toMatch(/John|Doe|example\.com|1990|Sovera Lane|123456789|\d{3}"/);
  });

  test("sFOX corporation: the contact and every beneficial owner are a person's; the business is not", () => {
    const request = sfoxCorporationRequest();
    const forOperator = shown(request, 'hidden') as typeof request;
    expect(forOperator.business).toEqual(request.business);
    expect(forOperator.beneficialOwners[0]).toEqual(Object.fromEntries(Object.keys(request.beneficialOwners[0]).map((k) => [k, expect.anything()])));
    expect(JSON.stringify([forOperator.person, forOperator.beneficialOwners])).not.toMatch(/Sean|Fox|example\.com|1990|sFOX Lane|123456789/);
    const forSupport = shown(request, 'masked') as typeof request;
    expect(forSupport.beneficialOwners[0].email).toBe('o…@example.com');
    expect(forSupport.beneficialOwners[0].phone).toBe(`…${request.beneficialOwners[0].phone.slice(-3)}`);
    expect(forSupport.beneficialOwners[0].identity).toEqual({ type: masked, number: masked, country: masked });
  });

  test("Sumvin: the person's phone and EOA are masked; a deposit or Safe address (a string `address`) is an id and stays", () => {
    const request = sumvinRequest(jwt);
    const forOperator = shown(request, 'hidden') as typeof request;
    expect([forOperator.phone, forOperator.eoaAddress, forOperator.userCredential]).toEqual([masked, masked, credentialMarker]);
    expect(forOperator.chainId).toBe(1328);
    const deposit = { address: '0x1111111111111111111111111111111111111111', currency: 'usdc', network: 'sei' };
    expect(shown({ deposit, holder: { kind: 'safe', address: deposit.address } }, 'hidden')).toEqual({
      deposit,
      holder: { kind: 'safe', address: deposit.address },
    });
  });

  test('free text (a failure message): emails masked for support and operators, shown to compliance', () => {
    const failure = { message: 'sovera refused ada@example.com', stack_trace: 'at x' };
    expect(shown(failure, 'masked')).toEqual({ message: 'sovera refused a…@example.com', stack_trace: 'at x' });
    expect(shown(failure, 'hidden')).toEqual({ message: `sovera refused ${masked}`, stack_trace: 'at x' });
    expect(shown(failure, 'full')).toEqual(failure);
  });

  test('the references found (outside a person) name the onboardings read', () => {
    const request = soveraRequest();
    expect(redactValue([{ input: request }, { reference: request.reference }], 'full').references).toEqual([request.reference]);
  });

  test("the workflow metadata the Web UI queries: its handlers' names show to every view (UI 2.56 keys its pickers by them)", () => {
    const handlers = (names: string[]) => names.map((name) => ({ name, description: 'mailed to ada@example.com' }));
    const metadata = {
      definition: {
        type: 'onboarding',
        queryDefinitions: handlers(['status', '__stack_trace']),
        signalDefinitions: handlers(['kycDecision']),
        updateDefinitions: handlers(['submitOtp', 'resendOtp']),
      },
      currentDetails: '',
    };
    for (const view of views) {
      const { definition } = shown(metadata, view) as typeof metadata;
      expect(definition.updateDefinitions.map((d) => d.name)).toEqual(['submitOtp', 'resendOtp']);
      expect(definition.queryDefinitions.map((d) => d.name)).toEqual(['status', '__stack_trace']);
      expect(definition.signalDefinitions.map((d) => d.name)).toEqual(['kycDecision']);
    }
    // A description is free text like any other.
    expect((shown(metadata, 'hidden') as typeof metadata).definition.signalDefinitions[0].description).toBe(`mailed to ${masked}`);
    // Only there: a `name` elsewhere, or anything under a person, is still a person's.
    const elsewhere = { holder: { name: 'Ada Lovelace' }, person: { updateDefinitions: [{ name: 'Ada' }] } };
    expect(shown(elsewhere, 'hidden')).toEqual({ holder: { name: masked }, person: { updateDefinitions: [{ name: masked }] } });
  });

  test('payloads: JSON is walked, binary/null passes, any other encoding is withheld from every view', () => {
    const json = (value: unknown) => ({ metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });
    const read = (p: { data?: Uint8Array | null }) => JSON.parse(Buffer.from(p.data ?? []).toString()) as unknown;
    const request = stoknRequest();
    for (const view of views) {
      const { payload, references } = redactPayload(json(request), view);
      expect((read(payload) as { password: unknown }).password).toBe(credentialMarker);
      expect(references).toEqual([request.reference]);
      const binary = { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/plain') }, data: Buffer.from('correct-horse-42') };
      expect(read(redactPayload(binary, view).payload)).toBe(withheldPayload('binary/plain'));
      const nothing = { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/null') } };
      expect(redactPayload(nothing, view).payload).toBe(nothing);
    }
  });
});
