import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startHarness, eventually, type Harness } from '../support/harness';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { awaitedCode, receivedCode, wrongCode } from '../support/person';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

/** The support CLI as a separate process against the real dev server. */
describe('support CLI (end to end)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({ cache: 'none' });
    dir = mkdtempSync(path.join(tmpdir(), 'onboarding-cli-'));
  });
  afterAll(async () => {
    await h?.close();
  });

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'client', 'cli.ts'), ...args], {
        env: { ...process.env, TEMPORAL_ADDRESS: h.env.address, ONBOARDING_TASK_QUEUE: h.client.taskQueue },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  test('start, status and kyc approve drive an onboarding to completion', async () => {
    // Polls an hour apart: only the CLI's approval can move the onboarding within the test.
    const { provider: _given, ...request } = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    const file = path.join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(request));
    const started = await cli('start', '--provider', 'sovera', '--input', file, '--json');
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout).workflowId).toBe(`onboarding-${request.reference}`);

    const waiting = await eventually(async () => {
      const { stdout } = await cli('status', request.reference, '--json');
      const status = JSON.parse(stdout);
      return status.step === 'awaiting-kyc' ? status : undefined;
    });
    const human = await cli('status', request.reference);
    expect(human.stdout).toContain('awaiting-kyc');
    expect(human.stdout).toContain('next:');

    await h.admin.decideKyc('sovera', waiting.userId, 'VERIFIED');
    const approved = await cli('kyc', 'approve', request.reference, '--by', 'agent-7');
    expect(approved.code).toBe(0);
    const result = await cli('result', request.reference, '--json');
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.result.deposit.address).toMatch(/^tb1q/);
    expect(result.stdout).not.toContain('secret'); // the token is never printed
    const late = await cli('kyc', 'approve', request.reference);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('has already ended (completed)');
  });

  test('invalid input: exit code 2, field named, nothing started', async () => {
    const request = { ...soveraRequest(), person: { ...soveraRequest().person, phone: { country: 'USA', number: '1' } } };
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(request));
    const out = await cli('start', '--input', file, '--json');
    expect(out.code).toBe(2);
    const error = JSON.parse(out.stderr);
    expect(error.issues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['person.phone.country', 'person.phone.number']),
    );
    expect((await cli('status', request.reference)).code).toBe(3);
  });

  test('OTP through the CLI: a wrong code then the right one, and a resend', async () => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpResendCooldown: '0 seconds' } });
    const file = path.join(dir, 'stokn.json');
    writeFileSync(file, JSON.stringify(request));
    expect((await cli('start', '--input', file)).code).toBe(0);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const human = await cli('status', request.reference);
    expect(human.stdout).toContain('next: enter the sms code');
    const resent = await cli('resend-otp', request.reference, '--json');
    expect(resent.code).toBe(0);
    expect(JSON.parse(resent.stdout).channel).toBe('sms');
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    const wrong = await cli('otp', request.reference, wrongCode(code), '--json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ accepted: false, attemptsLeft: 4 });
    const malformed = await cli('otp', request.reference, '12');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('code: must be the 4 to 8 digits');
    const wrongLength = await cli('otp', request.reference, '123456');
    expect(wrongLength.code).toBe(1);
    expect(wrongLength.stderr).toContain('4 digits');
    const right = await cli('otp', request.reference, code);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('accepted');
    await h.client.cancel(request.reference);
  });

  test('a contradictory --provider is a usage error', async () => {
    const file = path.join(dir, 'contradiction.json');
    writeFileSync(file, JSON.stringify(soveraRequest()));
    const out = await cli('start', '--provider', 'stokn', '--input', file);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('contradicts');
  });

  test('usage errors and unknown onboardings have their own exit codes', async () => {
    expect((await cli('kyc', 'reject', 'some-ref')).code).toBe(2); // --reason missing
    expect((await cli('frobnicate')).code).toBe(2);
    const missing = await cli('kyc', 'approve', 'no-such-onboarding');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no onboarding with reference');
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('kyc approve');
  });

  test('credential hands a fresh JWT to a Sumvin onboarding, and cancel stops a running one; both audited with who did it', async () => {
    const subject = `cli-credential-${Date.now()}`;
    const request = sumvinRequest(await h.admin.sumvinJwt(subject), { wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await awaitedCode(h, request.reference, 'sms');
    const file = path.join(dir, 'jwt.txt');
    const jwt = await h.admin.sumvinJwt(subject);
    writeFileSync(file, `${jwt}\n`);
    const supplied = await cli('credential', request.reference, '--input', file, '--by', 'agent-12', '--json');
    expect(supplied.code).toBe(0);
    expect(JSON.parse(supplied.stdout)).toEqual({ reference: request.reference, supplied: true });
    const cancelled = await cli('cancel', request.reference, '--by', 'agent-12');
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(`cancellation requested for ${request.reference}`);
    expect(await h.client.result(request.reference)).toMatchObject({ status: 'failed' });
    const audit = (await h.client.status(request.reference)).audit;
    expect(audit.filter((a) => a.actor?.id === 'agent-12').map((a) => a.action)).toEqual(['credential-supplied', 'cancel-requested']);
    // The JWT itself is nowhere in what the CLI printed.
    expect(supplied.stdout + supplied.stderr).not.toContain(jwt);
  });
});
