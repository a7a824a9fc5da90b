import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../client/onboarding-client';
import { credentialMarker } from '../../codec-server/redaction';
import { eventually } from '../support/harness';
import { enterAllCodes, reachStep } from '../support/person';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { openDecoded, pageText, screenshot, signInAtCodecServer, startWebUiStack, type WebUiStack } from '../support/web-ui';

type PayloadJson = { metadata: Record<string, string>; data: string };

/** Every payload of a history (inputs, results, signals, updates, failures' attributes), in the codec's protobuf JSON. */
function payloadsIn(value: unknown, found: PayloadJson[] = []): PayloadJson[] {
  if (Array.isArray(value)) value.forEach((v) => payloadsIn(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') {
      const metadata = Object.fromEntries(Object.entries(o.metadata as Record<string, Uint8Array>).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
      found.push({ metadata, data: Buffer.from(o.data).toString('base64') });
    } else Object.values(o).forEach((v) => payloadsIn(v, found));
  }
  return found;
}

/**
 * The Temporal Web UI (the UI server on deploy/temporal/ui/onboarding.yaml, as the demo runs it)
 * with the codec server, in a real headless Chromium, clicked through as docs/operations.md's "Web UI" says:
 * sign in at the codec server, open the workflow. Nothing is preset in the browser's storage.
 */
describe('Web UI with the codec server (real browser)', () => {
  let stack: WebUiStack;
  const sovera = soveraRequest();
  const stokn = stoknRequest();
  let sumvin: ReturnType<typeof sumvinRequest>;
  let jwt: string;
  /** The OTP codes the person typed (Stokn's and Sumvin's): in their histories, decoded for no one. */
  const codes: string[] = [];

  beforeAll(async () => {
    stack = await startWebUiStack();
    const { actors } = stack;
    jwt = await actors.admin.userJwt('sumvin', `ui-${randomUUID()}`);
    sumvin = sumvinRequest(jwt);
    for (const request of [sovera, stokn, sumvin]) await actors.client.start(request);
    // The person types their codes (Stokn logs in with the password first; Sumvin calls with the JWT).
    for (const request of [stokn, sumvin]) {
      for (const channel of await enterAllCodes(actors, request.provider, request.reference)) expect(channel).toBeTruthy();
      const sent = await actors.admin.outbox({ provider: request.provider });
      codes.push(...sent.map((m) => m.code));
    }
    expect(codes.length).toBeGreaterThan(0);
    for (const request of [sovera, stokn, sumvin]) await reachStep(actors, request.reference, 'awaiting-kyc', 60_000);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  const credentials = () => ['correct-horse-42', jwt, ...codes.map((c) => `"${c}"`)];

  test("an operator, signed in at the codec server, sees the input's reference and the person masked; no password or JWT", async () => {
    const context = await stack.browser();
    try {
      const page = await context.newPage();
      await signInAtCodecServer(page, stack, 'operator');

      const text = await openDecoded(page, stack, sovera.reference);
      expect(text).toContain('"provider": "sovera"');
      expect(text).toContain('"firstName": "…"');
      expect(text).toContain('"email": "…"');
      expect(text).toContain('"dateOfBirth": "…"');
      for (const personal of [sovera.person.firstName, sovera.person.email, sovera.person.address.line1, sovera.person.identity.number])
        expect(text).not.toContain(personal);
      await screenshot(page, 'web-ui-operator-sovera.png');

      for (const request of [stokn, sumvin]) {
        const shown = await openDecoded(page, stack, request.reference);
        expect(shown).toContain(credentialMarker);
        for (const credential of credentials()) expect(shown).not.toContain(credential);
        await screenshot(page, `web-ui-operator-${request.provider}.png`);
      }
    } finally {
      await context.close();
    }
  });

  test('no role decodes a Stokn password, a Sumvin JWT or an OTP code from any payload of the histories; compliance reads the person', async () => {
    const histories = await Promise.all([sovera, stokn, sumvin].map((r) => stack.temporalClient.workflow.getHandle(workflowIdFor(r.reference)).fetchHistory()));
    const payloads = payloadsIn(histories);
    expect(payloads.length).toBeGreaterThan(20);
    for (const role of ['operator', 'support', 'compliance'] as const) {
      const res = await fetch(`${stack.codecUrl}/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-namespace': 'default', authorization: `Bearer ${stack.keys[role]}` },
        body: JSON.stringify({ payloads }),
      });
      expect(res.status).toBe(200);
      const decoded = ((await res.json()) as { payloads: PayloadJson[] }).payloads.map((p) => Buffer.from(p.data, 'base64').toString()).join('\n');
      expect(decoded).toContain(sovera.reference);
      for (const credential of credentials()) {
        const at = decoded.indexOf(credential);
        expect(at < 0 ? 'none' : `${credential} in …${decoded.slice(Math.max(0, at - 300), at + 60)}…`).toBe('none');
      }
      expect(decoded.includes(stokn.person.email)).toBe(role === 'compliance');
    }
  });

  test('without signing in, the UI gets 401 from the codec server; its banner says so and links to the sign-in; no decoded input', async () => {
    const context = await stack.browser();
    try {
      const page = await context.newPage();
      const decodes: number[] = [];
      page.on('response', (r) => {
        if (r.url().startsWith(`${stack.codecUrl}/decode`)) decodes.push(r.status());
      });
      await page.goto(stack.workflowPage(sovera.reference));
      await eventually(async () => (decodes.length > 0 ? true : undefined), 60_000, 'a decode request from the UI');
      const text = await eventually(
        async () => {
          const shown = await pageText(page);
          return shown.includes('Input') && shown.includes('The codec server refused to decode: sign in there') ? shown : undefined;
        },
        60_000,
        'the workflow page with the codec banner',
      );
      expect(await page.locator(`a[href="${stack.codecUrl}"]`).count()).toBeGreaterThan(0);
      expect(decodes.every((s) => s === 401)).toBe(true);
      expect(text).not.toContain(`"reference": "${sovera.reference}"`);
      await screenshot(page, 'web-ui-not-signed-in.png');
    } finally {
      await context.close();
    }
  });
});
