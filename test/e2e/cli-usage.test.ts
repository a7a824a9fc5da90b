import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { startHarness, eventually, type Harness } from '../support/harness';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { enterAllCodes, reachStep } from '../support/person';
import { messagesInHistory } from '../support/history';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

/** The CLI as support staff meet it: usage first, clear answers, the commands they look for. */
describe('support CLI usage', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(tmpdir(), 'onboarding-cli-usage-'));
  });
  afterAll(async () => {
    await h?.close();
  });

  async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'client', 'cli.ts'), ...args], {
        env: { ...process.env, TEMPORAL_ADDRESS: h.env.address, ONBOARDING_TASK_QUEUE: h.client.taskQueue, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  test('usage errors are reported before any connection (exit 2 even with Temporal unreachable)', async () => {
    const nowhere = { TEMPORAL_ADDRESS: '127.0.0.1:1' };
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...soveraRequest(), reference: 'ada@example.com' }));
    const cases: [string[], string][] = [
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['status'], 'usage: onboarding status <reference>'],
      [['kyc', 'reject', 'ref-1'], 'needs --reason'],
      [['start', '--input', path.join(dir, 'missing.json')], 'no such file'],
      [['start'], '--input <file | -> is required'],
      [['start', '--input', bad], 'reference'],
      [['list', '--step', 'sleeping'], '--step must be one of'],
      [['cancel', 'ref-1', '--by', 'Ada Lovelace'], '--by must be an id'],
    ];
    for (const [args, message] of cases) {
      const out = await cli(args, nowhere);
      expect({ args, code: out.code }).toEqual({ args, code: 2 });
      expect(out.stderr).toContain(message);
    }
  });

  test('an unreachable Temporal is named with its address (exit 4)', async () => {
    const out = await cli(['status', 'ref-1'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(out.code).toBe(4);
    expect(out.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
  });

  test("<command> --help prints that command's arguments, and for start the input's fields", async () => {
    const start = await cli(['start', '--help']);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('usage: onboarding start');
    for (const field of ['provider "sovera"', 'provider "sfox", accountType "corporation"', '* reference: string', 'beneficialOwners: list', 'userCredential: object']) {
      expect(start.stdout).toContain(field);
    }
    const kyc = await cli(['kyc', '--help']);
    expect(kyc.stdout).toContain('usage: onboarding kyc approve|reject <reference>');
    expect(kyc.stdout).not.toContain('onboarding otp');
    const whole = await cli(['--help']);
    expect(whole.stdout).toContain('onboarding-demo');
  });

  test('status names the task queue nobody polls instead of hanging', async () => {
    const taskQueue = `nobody-polls-${randomUUID()}`;
    const request = soveraRequest();
    await new OnboardingClient(h.env.client, taskQueue).start(request);
    const out = await cli(['status', request.reference]);
    expect(out.code).toBe(4);
    expect(out.stderr).toContain(`no worker is polling task queue "${taskQueue}"`);
    await h.env.client.workflow.getHandle(workflowIdFor(request.reference)).terminate('test over');
  });

  test('list --step --provider pages through onboardings', async () => {
    // Onboardings on a queue nobody polls stay in creating-user: a stable set to page through.
    const idle = new OnboardingClient(h.env.client, `nobody-polls-${randomUUID()}`);
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      const request = stoknRequest();
      await idle.start(request);
      references.push(request.reference);
    }
    const all = await eventually(async () => {
      const out = await cli(['list', '--step', 'creating-user', '--provider', 'stokn', '--page-size', '2', '--all', '--json']);
      const listed = (JSON.parse(out.stdout).onboardings as { reference: string }[]).map((o) => o.reference);
      return references.every((r) => listed.includes(r)) ? listed : undefined;
    }, 30_000, 'the three onboardings listed');
    expect(new Set(all).size).toBe(all.length);
    const first = JSON.parse((await cli(['list', '--step', 'creating-user', '--provider', 'stokn', '--page-size', '2', '--json'])).stdout);
    expect(first.onboardings).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await cli(['list', '--step', 'creating-user', '--provider', 'stokn', '--page-size', '2', '--page-token', first.nextPageToken]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('creating-user');
    for (const reference of references) await h.env.client.workflow.getHandle(workflowIdFor(reference)).terminate('test over');
  });

  test('kyc-access: the identification URL (Stokn), the app token masked unless --reveal (Sumvin)', async () => {
    const stokn = stoknRequest();
    await h.client.start(stokn);
    await enterAllCodes(h, 'stokn', stokn.reference);
    await reachStep(h, stokn.reference, 'awaiting-kyc');
    const url = await cli(['kyc-access', stokn.reference]);
    expect(url.code).toBe(0);
    expect(url.stdout).toMatch(/identification URL: https?:\/\//);

    const sumvin = sumvinRequest(await h.admin.sumvinJwt(`person-${Date.now()}`));
    await h.client.start(sumvin);
    await enterAllCodes(h, 'sumvin', sumvin.reference);
    await reachStep(h, sumvin.reference, 'awaiting-kyc');
    const masked = await cli(['kyc-access', sumvin.reference]);
    expect(masked.stdout).toContain('access token');
    expect(masked.stdout).toContain('--reveal prints it');
    expect(masked.stdout).not.toMatch(/_act-sbx-\w{8,}/);
    expect((await cli(['kyc-access', sumvin.reference, '--reveal'])).stdout).toMatch(/_act-sbx-\w{8,}/);
    await h.client.cancel(stokn.reference);
    await h.client.cancel(sumvin.reference);
  });

  test('the actor of a CLI message is --by; cancelling an onboarding that has ended says so (exit 1)', async () => {
    // Polling slowed down: the CLI's approval is what moves the onboarding on.
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await cli(['kyc', 'approve', request.reference, '--by', 'agent-7'])).code).toBe(0);
    expect((await h.client.result(request.reference)).status).toBe('completed');
    const [[signal]] = (await messagesInHistory(h.env.client, workflowIdFor(request.reference), 'kycDecision')) as [[Record<string, unknown>]];
    expect(signal).toMatchObject({ decidedBy: 'agent-7', actor: { id: 'agent-7', role: 'cli' } });
    const cancel = await cli(['cancel', request.reference]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain('has already ended (completed)');
  });
});
