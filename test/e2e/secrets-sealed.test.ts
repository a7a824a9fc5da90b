import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { workflowIdFor } from '../../client/onboarding-client';
import { dataConverter } from '../../codec/data-converter';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { loadCodecKeys } from '../../codec/keys';
import { startHarness, type Harness } from '../support/harness';
import { approvedBySupport, enterAllCodes, reachStep } from '../support/person';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';

/** Every payload in a fetched history (inputs, results, signals, updates, failures' details). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (Array.isArray(value)) value.forEach((v) => payloadsIn(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') found.push(o as Payload);
    else Object.values(o).forEach((v) => payloadsIn(v, found));
  }
  return found;
}

/** Every `{secret: string}` value in decoded payload text. */
function secretsIn(decoded: unknown, found: string[] = []): string[] {
  if (Array.isArray(decoded)) decoded.forEach((v) => secretsIn(v, found));
  else if (decoded && typeof decoded === 'object') {
    const o = decoded as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.secret === 'string') found.push(o.secret);
    else Object.values(o).forEach((v) => secretsIn(v, found));
  }
  return found;
}

async function decodedText(codecs: { decode(p: Payload[]): Promise<Payload[]> }[], payloads: Payload[]): Promise<unknown[]> {
  let out = payloads;
  for (const codec of [...codecs].reverse()) out = await codec.decode(out);
  return out.map((p) => {
    try {
      return defaultPayloadConverter.fromPayload(p);
    } catch {
      return Buffer.from(p.data ?? []).toString('utf8');
    }
  });
}

/**
 * Issue 16 §5: the codec server (EncryptionCodec only, no secrets key) decodes a history to
 * everything but the credentials: passwords, JWTs, OTP codes and provider tokens stay sealed.
 */
describe('credentials are sealed in histories (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { sumvin: { safeCreationMs: 3_600_000 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** What the Web UI would show of a history, and every credential the workers' converter finds in it. */
  async function asTheCodecServerSees(reference: string) {
    const history = await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory();
    const payloads = payloadsIn(history);
    const full = await decodedText(dataConverter().payloadCodecs ?? [], payloads);
    const codecServer = await decodedText([new EncryptionCodec(loadCodecKeys())], payloads);
    return { secrets: secretsIn(full), fullText: JSON.stringify(full), codecServerText: JSON.stringify(codecServer) };
  }

  function expectSealed(seen: Awaited<ReturnType<typeof asTheCodecServerSees>>, reference: string, known: string[]) {
    expect(seen.codecServerText).toContain(reference);
    expect(seen.codecServerText).toContain('"sealed":"v1:');
    for (const value of [...known, ...seen.secrets]) {
      expect(seen.fullText).toContain(value);
      expect(seen.codecServerText).not.toContain(value);
    }
  }

  test('Stokn: the password, the SMS code and the session tokens', async () => {
    const request = stoknRequest();
    await h.client.start(request);
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    const codes = (await h.admin.outbox({ provider: 'stokn', userId: waiting.userId! })).map((m) => m.code);
    await h.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
    expect((await h.client.result(request.reference)).status).toBe('completed');
    const seen = await asTheCodecServerSees(request.reference);
    // The password and at least one provider token (access, refresh) travelled in the history.
    expect(seen.secrets.filter((s) => s !== request.password.secret).length).toBeGreaterThan(0);
    expect(codes.length).toBeGreaterThan(0);
    expectSealed(seen, request.reference, [request.password.secret, ...codes]);
  });

  test('Sumvin: the JWT, the SMS code and the KYC app token', async () => {
    const jwt = await h.admin.userJwt('sumvin', `person-${Date.now()}`);
    const request = sumvinRequest(jwt);
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    const access = await h.client.issueKycAccess(request.reference);
    const codes = (await h.admin.outbox({ provider: 'sumvin', userId: waiting.userId! })).map((m) => m.code);
    await h.admin.decideKyc('sumvin', waiting.userId!, 'VERIFIED');
    await reachStep(h, request.reference, 'creating-holder');
    await h.admin.sumvinSafe(waiting.userId!, 'completed');
    expect((await h.client.result(request.reference)).status).toBe('completed');
    const seen = await asTheCodecServerSees(request.reference);
    expectSealed(seen, request.reference, [jwt, access.accessToken!.secret, ...codes]);
  });

  test('Sovera: the minted user token', async () => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await approvedBySupport(h, 'sovera', request.reference);
    expect((await h.client.result(request.reference)).status).toBe('completed');
    const seen = await asTheCodecServerSees(request.reference);
    expect(seen.secrets.length).toBeGreaterThan(0);
    expectSealed(seen, request.reference, []);
  });
});
