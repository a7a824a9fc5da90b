import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiRole } from '../../domain/actor';
import { OnboardingClient, workflowIdFor } from '../../client/onboarding-client';
import { eventually } from '../support/harness';
import { harnessWithApi, startTestApi } from '../support/api';
import { runCli } from '../support/cli';
import { soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { enterAllCodes, reachStep } from '../support/person';
import { messagesInHistory } from '../support/history';

/** The CLI as support staff meet it: usage first, clear answers, the commands they look for; every command through the API. */
describe('support CLI usage', () => {
  const setup = harnessWithApi();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'onboarding-cli-usage-'));
  });

  const cli = (role: ApiRole, ...args: string[]) => runCli(args, { ONBOARDING_API_URL: setup.api.url, ONBOARDING_API_KEY: setup.api.keys[role] });

  test('usage errors are reported before any connection (exit 2 even with the API unreachable)', async () => {
    const nowhere = { ONBOARDING_API_URL: 'http://127.0.0.1:1', ONBOARDING_API_KEY: 'any' };
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
      [['otp', 'ref-1', '12'], 'code: must be the 4 to 8 digits'],
      [['support', 'ref-1', 'maybe'], 'usage: onboarding support <reference> retry|found'],
      [['support', 'ref-1', 'retry', '--user-id', 'u-1'], 'support retry takes no ids'],
      [['support', 'ref-1', 'found', '--user-id', 'Ada Lovelace'], '--user-id'],
      [['kyc', 'approve', 'ref-1', '--by', 'agent-7'], "Unknown option '--by'"],
    ];
    for (const [args, message] of cases) {
      const out = await runCli(args, nowhere);
      expect({ args, code: out.code }).toEqual({ args, code: 2 });
      expect(out.stderr).toContain(message);
    }
  });

  test('an unreachable API is named with its address (exit 4)', async () => {
    const out = await runCli(['status', 'ref-1'], { ONBOARDING_API_URL: 'http://127.0.0.1:1', ONBOARDING_API_KEY: 'any' });
    expect(out.code).toBe(4);
    expect(out.stderr).toContain('cannot reach the API at http://127.0.0.1:1 (ONBOARDING_API_URL)');
  });

  test("<command> --help prints that command's arguments, and for start the input's fields; stuck is the operator's Temporal-direct command", async () => {
    const start = await runCli(['start', '--help'], {});
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('usage: onboarding start');
    for (const field of [
      'provider "sovera"',
      'provider "sfox", accountType "corporation"',
      '* reference: string',
      'beneficialOwners: list',
      'userCredential: object',
    ]) {
      expect(start.stdout).toContain(field);
    }
    const kyc = await runCli(['kyc', '--help'], {});
    expect(kyc.stdout).toContain('usage: onboarding kyc approve|reject <reference>');
    expect(kyc.stdout).not.toContain('--by');
    expect(kyc.stdout).not.toContain('onboarding otp');
    const whole = await runCli(['--help'], {});
    expect(whole.stdout).toContain('ONBOARDING_API_KEY');
    expect(whole.stdout).toContain('operator, talks to Temporal directly');
    expect(whole.stdout).toContain('onboarding support <reference> retry|found');
    expect(whole.stdout).toContain('5 your key');
  });

  test('status names the task queue nobody polls instead of hanging (exit 4)', async () => {
    const { h } = setup;
    const taskQueue = `nobody-polls-${randomUUID()}`;
    const request = soveraRequest();
    await new OnboardingClient(h.env.client, taskQueue).start(request);
    const out = await cli('operator', 'status', request.reference);
    expect(out.code).toBe(4);
    expect(out.stderr).toContain(`no worker is polling task queue "${taskQueue}"`);
    await h.env.client.workflow.getHandle(workflowIdFor(request.reference)).terminate('test over');
  });

  test("start is refused while no worker polls the API's task queue (exit 4) unless --no-worker-check; cancel then says nothing acts on it yet (exit 4)", async () => {
    const { h } = setup;
    // An API whose task queue nobody polls, as one started without the worker's ONBOARDING_TASK_QUEUE.
    const taskQueue = `nobody-polls-${randomUUID()}`;
    const idle = await startTestApi(new OnboardingClient(h.env.client, taskQueue));
    const viaIdle = (role: ApiRole, ...args: string[]) => runCli(args, { ONBOARDING_API_URL: idle.url, ONBOARDING_API_KEY: idle.keys[role] });
    const request = soveraRequest();
    const input = path.join(dir, `${request.reference}.json`);
    writeFileSync(input, JSON.stringify(request));
    try {
      const refused = await viaIdle('backend', 'start', '--input', input);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain(`no worker is polling task queue "${taskQueue}", where the API starts onboardings: nothing was started`);
      expect(refused.stderr).toContain('--no-worker-check');
      expect((await viaIdle('operator', 'status', request.reference)).code).toBe(3);

      expect((await viaIdle('backend', 'start', '--input', input, '--no-worker-check')).code).toBe(0);
      const cancel = await viaIdle('support', 'cancel', request.reference);
      expect(cancel.code).toBe(4);
      expect(cancel.stderr).toContain(
        `cancellation requested for ${request.reference} (by test-support), but no worker is polling its task queue "${taskQueue}": nothing acts on it`,
      );
    } finally {
      await idle.close();
      await h.env.client.workflow.getHandle(workflowIdFor(request.reference)).terminate('test over');
    }

    // Where a worker polls, both go ahead as before.
    const served = soveraRequest();
    const servedInput = path.join(dir, `${served.reference}.json`);
    writeFileSync(servedInput, JSON.stringify(served));
    expect((await cli('backend', 'start', '--input', servedInput)).stdout).toContain(`started ${workflowIdFor(served.reference)}`);
    const cancelled = await cli('support', 'cancel', served.reference);
    expect(cancelled).toMatchObject({ code: 0, stdout: expect.stringContaining(`cancellation requested for ${served.reference}`) });
  });

  test('list --step --provider pages through onboardings', async () => {
    const { h } = setup;
    // Onboardings on a queue nobody polls stay in creating-user: a stable set to page through.
    const idle = new OnboardingClient(h.env.client, `nobody-polls-${randomUUID()}`);
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      const request = stoknRequest();
      await idle.start(request);
      references.push(request.reference);
    }
    const list = (...more: string[]) => cli('operator', 'list', '--step', 'creating-user', '--provider', 'stokn', '--page-size', '2', ...more);
    const all = await eventually(
      async () => {
        const listed = (JSON.parse((await list('--all', '--json')).stdout).onboardings as { reference: string }[]).map((o) => o.reference);
        return references.every((r) => listed.includes(r)) ? listed : undefined;
      },
      30_000,
      'the three onboardings listed',
    );
    expect(new Set(all).size).toBe(all.length);
    const first = JSON.parse((await list('--json')).stdout);
    expect(first.onboardings).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await list('--page-token', first.nextPageToken);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('creating-user');
    for (const reference of references) await h.env.client.workflow.getHandle(workflowIdFor(reference)).terminate('test over');
  });

  test('kyc-access: the identification URL (Stokn), the app token masked unless --reveal (Sumvin)', async () => {
    const { h } = setup;
    const stokn = stoknRequest();
    await h.client.start(stokn);
    await enterAllCodes(h, 'stokn', stokn.reference);
    await reachStep(h, stokn.reference, 'awaiting-kyc');
    const url = await cli('support', 'kyc-access', stokn.reference);
    expect(url.code).toBe(0);
    expect(url.stdout).toMatch(/identification URL: https?:\/\//);

    const sumvin = sumvinRequest(await h.admin.userJwt('sumvin', `person-${Date.now()}`));
    await h.client.start(sumvin);
    await enterAllCodes(h, 'sumvin', sumvin.reference);
    await reachStep(h, sumvin.reference, 'awaiting-kyc');
    const masked = await cli('backend', 'kyc-access', sumvin.reference);
    expect(masked.stdout).toContain('access token');
    expect(masked.stdout).toContain('--reveal prints it');
    expect(masked.stdout).not.toMatch(/_act-sbx-\w{8,}/);
    expect((await cli('backend', 'kyc-access', sumvin.reference, '--reveal')).stdout).toMatch(/_act-sbx-\w{8,}/);
    await h.client.cancel(stokn.reference);
    await h.client.cancel(sumvin.reference);
  });

  test("the actor of a CLI message is the key's principal; cancelling an onboarding that has ended says so (exit 1)", async () => {
    const { h } = setup;
    // Polling slowed down: the CLI's approval is what moves the onboarding on.
    const request = soveraRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    expect((await cli('support', 'kyc', 'approve', request.reference)).code).toBe(0);
    expect((await cli('support', 'result', request.reference)).stdout).toContain('completed: deposit address');
    const [[signal]] = (await messagesInHistory(h.env.client, workflowIdFor(request.reference), 'kycDecision')) as [[Record<string, unknown>]];
    expect(signal).toMatchObject({ actor: { id: 'test-support', role: 'support' } });
    const cancel = await cli('support', 'cancel', request.reference);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain('already ended (completed)');
  });
});
