import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../client/onboarding-client';
import { bundleWorkflows } from '../../workers/workflow-bundle';
import { eventually, startHarness, type Harness } from '../support/harness';
import { awaitedCode, enterAllCodes, reachStep, receivedCode, wrongCode } from '../support/person';
import type { OnboardingRequest } from '../../domain/input';
import { sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest, sumvinRequest } from '../support/requests';
import { temporalCliPath } from '../support/temporal-cli';
import { replayFixtureKeys } from './fixture-key';

/**
 * `npm run record-histories`: runs each seed flow on the real dev server and saves its history
 * for the replay test. Run it when a released workflow version is cut, never to "fix" a replay
 * failure: that failure means a change needs `patched()`.
 */
const dir = path.join(__dirname, 'histories');

async function record(h: Harness, name: string, reference: string): Promise<void> {
  await h.client.result(reference);
  const history = await h.env.client.workflow.getHandle(workflowIdFor(reference)).fetchHistory();
  // The history as the server stores it (payloads encrypted), in its wire form.
  const encoded = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64');
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ workflowId: workflowIdFor(reference), events: history.events?.length, history: encoded }, null, 1));
  console.log(`recorded ${name} (${history.events?.length} events)`);
}

async function main(): Promise<void> {
  Object.assign(process.env, replayFixtureKeys);
  process.env.TEMPORAL_CLI_FOR_TESTS = temporalCliPath();
  const bundleFile = path.join(__dirname, '..', '..', '.data', 'record-bundle.js');
  mkdirSync(path.dirname(bundleFile), { recursive: true });
  writeFileSync(bundleFile, await bundleWorkflows());
  process.env.WORKFLOW_BUNDLE_FOR_TESTS = bundleFile;
  mkdirSync(dir, { recursive: true });

  const h = await startHarness();
  try {
    const only = process.argv.slice(2);
    for (const [name, run] of Object.entries(flows)) {
      if (only.length === 0 || only.includes(name)) await record(h, name, await run(h));
    }
  } finally {
    await h.close();
  }
}

/** A seed flow run to its end with the person and support played; returns the reference. */
async function completed(h: Harness, request: OnboardingRequest & { reference: string }): Promise<string> {
  await h.client.start(request);
  return finished(h, request.provider, request.reference);
}

async function finished(h: Harness, provider: string, reference: string): Promise<string> {
  await enterAllCodes(h, provider, reference);
  const waiting = await reachStep(h, reference, 'awaiting-kyc');
  await h.admin.decideKyc(provider, waiting.userId!, 'VERIFIED');
  return reference;
}

/** `npm run record-histories -- <name>...` records only those (a new release's new paths). */
const flows: Record<string, (h: Harness) => Promise<string>> = {
  sovera: (h) => completed(h, soveraRequest()),
  stokn: (h) => completed(h, stoknRequest()),
  'sfox-individual': (h) => completed(h, sfoxIndividualRequest()),
  'sfox-corporation': (h) => completed(h, sfoxCorporationRequest()),
  sumvin: async (h) => completed(h, sumvinRequest(await h.admin.sumvinJwt(`replay-${Date.now()}`))),
  'sovera-kyc-rejected': async (h) => {
    const request = soveraRequest();
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'replay fixture', decidedBy: 'recorder' });
    return request.reference;
  },
  // Since patch 'otp-reissue-at-provider-limit': three wrong codes make Stokn give up, a new code is sent.
  'stokn-otp-reissued': async (h) => {
    const request = stoknRequest();
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference, 'sms');
    const code = await receivedCode(h, 'stokn', asked.userId!, 'sms');
    for (let i = 0; i < 3; i++) await h.client.submitOtp(request.reference, wrongCode(code));
    return finished(h, 'stokn', request.reference);
  },
  // Since patch 'tolerate-poll-outages': a KYC poll that fails all its attempts is skipped.
  'sovera-poll-outage': async (h) => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.fault({ provider: 'sovera', route: 'GET /users/:userId', failures: 3 });
    await eventually(async () => ((await h.client.status(request.reference)).lastPollFailure ? true : undefined));
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    return request.reference;
  },
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
