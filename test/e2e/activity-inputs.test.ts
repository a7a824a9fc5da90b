import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { workflowIdFor } from '../../client/onboarding-client';
import { dataConverter } from '../../codec/data-converter';
import { startHarness, type Harness } from '../support/harness';
import { enterAllCodes, reachStep } from '../support/person';
import { sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';

/**
 * Issue 16 §5: each activity's input carries only what its call needs. An onboarding is run to
 * its end on the real server; every ActivityTaskScheduled event of its history is decoded with the
 * workers' data converter, and the person's data is looked for in each: it must be in exactly the
 * calls that send it to the provider (so a call that stopped carrying it fails too).
 */
describe('activity inputs carry only what their call needs (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { sumvin: { safeCreationMs: 3_600_000 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Each scheduled activity of the onboarding: its type and its decoded arguments as JSON. */
  async function scheduledActivities(reference: string): Promise<{ call: string; args: string }[]> {
    const codecs = dataConverter().payloadCodecs ?? [];
    const history = await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory();
    const scheduled = [];
    for (const event of history.events ?? []) {
      const attributes = event.activityTaskScheduledEventAttributes;
      if (!attributes) continue;
      let payloads = (attributes.input?.payloads ?? []) as Payload[];
      for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
      scheduled.push({ call: attributes.activityType!.name!, args: JSON.stringify(payloads.map((p) => defaultPayloadConverter.fromPayload(p))) });
    }
    return scheduled;
  }

  /** The distinct calls whose input holds `value`, sorted. */
  function callsCarrying(scheduled: { call: string; args: string }[], value: string): string[] {
    return [...new Set(scheduled.filter((s) => s.args.includes(JSON.stringify(value).slice(1, -1))).map((s) => s.call))].sort();
  }

  /** Runs the onboarding to its end with the person and support played. */
  async function completed(provider: string, reference: string): Promise<void> {
    await enterAllCodes(h, provider, reference);
    const waiting = await reachStep(h, reference, 'awaiting-kyc');
    if (provider === 'sumvin') await h.admin.sumvinSafe(waiting.userId!, 'completed');
    await h.admin.decideKyc(provider, waiting.userId!, 'VERIFIED');
    if (provider === 'sovera') await h.client.decideKyc(reference, { decision: 'VERIFIED', decidedBy: 'support-1' });
    expect((await h.client.result(reference)).status).toBe('completed');
  }

  /** A person whose identifying details appear nowhere else (a name, dates and numbers no id or timestamp holds). */
  const person = {
    lastName: 'Quillfeather',
    dateOfBirth: '1977-03-29',
    address: { country: 'US', line1: '77 Lindqvist Row', city: 'Cheyenne', state: 'WY', postalCode: '82001' },
    identity: { type: 'ssn' as const, number: '518274639', country: 'US' },
  };
  const personal = [person.lastName, person.dateOfBirth, person.address.line1, person.identity.number];

  test('Sovera: the person (name, SSN, date of birth, address) only in createUser', async () => {
    const base = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    const request = { ...base, person: { ...base.person, ...person } };
    await h.client.start(request);
    await completed('sovera', request.reference);
    const scheduled = await scheduledActivities(request.reference);
    expect(scheduled.map((s) => s.call)).toEqual(expect.arrayContaining(['createUser', 'mintCredential', 'getKycStatus', 'createHolder', 'depositAddress']));
    for (const value of [...personal, request.person.email, request.person.phone.number])
      expect([value, callsCarrying(scheduled, value)]).toEqual([value, ['createUser']]);
  });

  test('sFOX individual: the person only in createUser; its email and phone also where a code is sent', async () => {
    const base = sfoxIndividualRequest();
    const request = { ...base, person: { ...base.person, ...person, address: { ...person.address, state: 'CA', postalCode: '90403' } } };
    await h.client.start(request);
    await completed('sfox', request.reference);
    const scheduled = await scheduledActivities(request.reference);
    expect(scheduled.map((s) => s.call)).toEqual(
      expect.arrayContaining(['createUser', 'sendOtp', 'verifyOtp', 'getKycStatus', 'createHolder', 'depositAddress']),
    );
    for (const value of personal) expect([value, callsCarrying(scheduled, value)]).toEqual([value, ['createUser']]);
    // The masked address of the SMS code is built from them at sendOtp; verifyOtp gets only that mask.
    expect(callsCarrying(scheduled, request.person.email)).toEqual(['createUser', 'sendOtp']);
    expect(callsCarrying(scheduled, request.person.phone.number)).toEqual(['createUser', 'sendOtp']);
  });

  test("sFOX corporation: the beneficial owners' SSNs and dates of birth only in createUser", async () => {
    const base = sfoxCorporationRequest();
    const [owner] = base.beneficialOwners;
    const request = { ...base, beneficialOwners: [{ ...owner, ...person, address: { ...person.address, state: 'CA', postalCode: '90403' } }] };
    await h.client.start(request);
    await completed('sfox', request.reference);
    const scheduled = await scheduledActivities(request.reference);
    for (const value of [...personal, base.business.entityName]) expect([value, callsCarrying(scheduled, value)]).toEqual([value, ['createUser']]);
  });

  test('Stokn: the phone only in createUser; the email and password only where Stokn asks for them', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    await completed('stokn', request.reference);
    const scheduled = await scheduledActivities(request.reference);
    expect(callsCarrying(scheduled, request.person.phone)).toEqual(['createUser']);
    expect(callsCarrying(scheduled, request.password.secret)).toEqual(['createUser', 'sendOtp']);
    expect(callsCarrying(scheduled, request.person.email)).toEqual(['createUser', 'sendOtp', 'verifyOtp']);
  });

  test('Sumvin: the phone only in sendOtp, the EOA only in createUser', async () => {
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `inputs-${Date.now()}`));
    await h.client.start(request);
    await completed('sumvin', request.reference);
    const scheduled = await scheduledActivities(request.reference);
    expect(callsCarrying(scheduled, request.phone)).toEqual(['sendOtp']);
    expect(callsCarrying(scheduled, request.eoaAddress)).toEqual(['createUser']);
  });
});
