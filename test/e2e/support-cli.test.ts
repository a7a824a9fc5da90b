import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiRole } from '../../domain/actor';
import { eventually } from '../support/harness';
import { harnessWithApi } from '../support/api';
import { runCli } from '../support/cli';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { awaitedCode, receivedCode, wrongCode } from '../support/person';

/** The support and backend CLI as separate processes, through the real API with each role's own key, over the real dev server. */
describe('support CLI (end to end, through the API)', () => {
  const setup = harnessWithApi({ harness: { cache: 'none' } });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'onboarding-cli-'));
  });

  const cli = (role: ApiRole, ...args: string[]) => runCli(args, { ONBOARDING_API_URL: setup.api.url, ONBOARDING_API_KEY: setup.api.keys[role] });
  const auditLines = (action: string, reference: string) =>
    setup.api.logs
      .map((l) => l.audit as { action: string; reference?: string; actor?: { id: string; role: string }; status: number } | undefined)
      .filter((a) => a?.action === action && a.reference === reference);

  test('backend starts, support approves KYC: the audit names the support principal, and result prints the deposit address', async () => {
    const { h } = setup;
    // Polls an hour apart: only the CLI's approval can move the onboarding within the test.
    const { provider: _given, ...request } = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    const file = path.join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(request));
    const started = await cli('backend', 'start', '--provider', 'sovera', '--input', file, '--json');
    expect(started.code).toBe(0);
    const answer = JSON.parse(started.stdout);
    expect(answer).toMatchObject({ workflowId: `onboarding-${request.reference}`, created: true });
    expect(answer.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);

    const waiting = await eventually(async () => {
      const status = JSON.parse((await cli('support', 'status', request.reference, '--json')).stdout);
      return status.step === 'awaiting-kyc' ? status : undefined;
    });
    const human = await cli('support', 'status', request.reference);
    expect(human.stdout).toContain('awaiting-kyc');
    expect(human.stdout).toContain('next:');

    await h.admin.decideKyc('sovera', waiting.userId, 'VERIFIED');
    const approved = await cli('support', 'kyc', 'approve', request.reference);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('(by test-support)');
    expect(auditLines('kyc-decision', request.reference)).toEqual([expect.objectContaining({ actor: { id: 'test-support', role: 'support' }, status: 202 })]);

    const result = await cli('operator', 'result', request.reference, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed', depositAddress: expect.stringMatching(/^tb1q/) });
    expect(result.stdout).not.toContain('secret');
    const decided = (await h.client.status(request.reference)).audit.find((a) => a.action === 'kyc-decision');
    expect(decided?.actor).toEqual({ id: 'test-support', role: 'support' });

    const late = await cli('support', 'kyc', 'approve', request.reference);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('already ended');
  });

  test("an operator's key may not approve KYC: a sentence about the key, exit 5, nothing sent", async () => {
    const { api } = setup;
    const out = await cli('operator', 'kyc', 'approve', 'any-reference-1');
    expect(out.code).toBe(5);
    expect(out.stderr).toContain("your key's role may not do this");
    const unknown = await runCli(['status', 'any-reference-1'], { ONBOARDING_API_URL: api.url, ONBOARDING_API_KEY: 'not-a-key-of-ours' });
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toContain('your key (ONBOARDING_API_KEY) was not accepted');
    const none = await runCli(['status', 'any-reference-1'], { ONBOARDING_API_URL: api.url });
    expect(none.code).toBe(5);
    expect(none.stderr).toContain('your key is missing');
  });

  test('invalid input: exit code 2, fields named, nothing started', async () => {
    const request = { ...soveraRequest(), person: { ...soveraRequest().person, phone: { country: 'USA', number: '1' } } };
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(request));
    const out = await cli('backend', 'start', '--input', file, '--json');
    expect(out.code).toBe(2);
    const error = JSON.parse(out.stderr);
    expect(error.issues.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['person.phone.country', 'person.phone.number']));
    const missing = await cli('support', 'status', request.reference);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('No such onboarding');
  });

  test('OTP through the CLI with the backend key: a wrong code then the right one, and a resend', async () => {
    const { h } = setup;
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpResendCooldown: '0 seconds' } });
    const file = path.join(dir, 'stokn.json');
    writeFileSync(file, JSON.stringify(request));
    expect((await cli('backend', 'start', '--input', file)).code).toBe(0);
    const asked = await awaitedCode(h, request.reference, 'sms');
    expect((await cli('support', 'status', request.reference)).stdout).toContain('next: enter the sms code');
    const resent = await cli('backend', 'resend-otp', request.reference, '--json');
    expect(resent.code).toBe(0);
    expect(JSON.parse(resent.stdout).channel).toBe('sms');
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    const wrong = await cli('backend', 'otp', request.reference, wrongCode(code), '--json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ accepted: false, attemptsLeft: 4 });
    const malformed = await cli('backend', 'otp', request.reference, '12');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('code: must be the 4 to 8 digits');
    const wrongLength = await cli('backend', 'otp', request.reference, '123456');
    expect(wrongLength.code).toBe(1);
    expect(wrongLength.stderr).toContain('4 digits');
    const right = await cli('backend', 'otp', request.reference, code);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('accepted');
    await h.client.cancel(request.reference);
  });

  test('credential hands a fresh JWT to a Sumvin onboarding; both the credential and cancel are audited with the key principal', async () => {
    const { h, api } = setup;
    const subject = `cli-credential-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject), { wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await awaitedCode(h, request.reference, 'sms');
    const file = path.join(dir, 'jwt.txt');
    const jwt = await h.admin.userJwt('sumvin', subject);
    writeFileSync(file, `${jwt}\n`);
    const supplied = await cli('backend', 'credential', request.reference, '--input', file, '--json');
    expect(supplied.code).toBe(0);
    expect(JSON.parse(supplied.stdout)).toEqual({ reference: request.reference, supplied: true });
    const cancelled = await cli('support', 'cancel', request.reference);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(`cancellation requested for ${request.reference} (by test-support)`);
    const ended = await cli('operator', 'result', request.reference);
    expect(ended.code).toBe(1);
    expect(ended.stdout).toContain('failed: OnboardingCancelled');
    const audit = (await h.client.status(request.reference)).audit;
    expect(audit.filter((a) => a.action === 'credential-supplied' || a.action === 'cancel-requested').map((a) => [a.action, a.actor?.id])).toEqual([
      ['credential-supplied', 'test-backend'],
      ['cancel-requested', 'test-support'],
    ]);
    expect(supplied.stdout + supplied.stderr + api.logText()).not.toContain(jwt);
  });

  test("cancel --reason puts the reason in the workflow's audit trail", async () => {
    const { h } = setup;
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await eventually(async () => ((await h.client.status(request.reference)).step === 'awaiting-kyc' ? true : undefined));
    const cancelled = await cli('support', 'cancel', request.reference, '--reason', 'duplicate request, ticket 4411');
    expect(cancelled.code).toBe(0);
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'failed' });
    const entry = (await h.client.status(request.reference)).audit.find((a) => a.action === 'cancel-requested');
    expect(entry).toMatchObject({ actor: { id: 'test-support', role: 'support' }, detail: expect.stringContaining('duplicate request, ticket 4411') });
  });

  test('support retry on an onboarding that does not wait for support is refused (exit 1)', async () => {
    const { h } = setup;
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await eventually(async () => ((await h.client.status(request.reference)).step === 'awaiting-kyc' ? true : undefined));
    const out = await cli('support', 'support', request.reference, 'retry');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('refused');
    expect((await h.client.status(request.reference)).step).toBe('awaiting-kyc');
    await h.client.cancel(request.reference);
  });
});
