import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../client/onboarding-client';
import { workflowsPath } from '../../workers/onboarding-worker';
import { startHarness, type Harness } from '../support/harness';
import { enterAllCodes, reachStep } from '../support/person';
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
  writeFileSync(bundleFile, (await bundleWorkflowCode({ workflowsPath })).code);
  process.env.WORKFLOW_BUNDLE_FOR_TESTS = bundleFile;
  mkdirSync(dir, { recursive: true });

  const h = await startHarness();
  try {
    const flows = [
      ['sovera', soveraRequest()],
      ['stokn', stoknRequest()],
      ['sfox-individual', sfoxIndividualRequest()],
      ['sfox-corporation', sfoxCorporationRequest()],
      ['sumvin', sumvinRequest(await h.admin.sumvinJwt(`replay-${Date.now()}`))],
    ] as const;
    for (const [name, request] of flows) {
      await h.client.start(request);
      await enterAllCodes(h, request.provider, request.reference);
      const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
      await h.admin.decideKyc(request.provider, waiting.userId!, 'VERIFIED');
      await record(h, name, request.reference);
    }
    const rejected = soveraRequest();
    await h.client.start(rejected);
    await reachStep(h, rejected.reference, 'awaiting-kyc');
    await h.client.decideKyc(rejected.reference, { decision: 'REJECTED', reason: 'replay fixture', decidedBy: 'recorder' });
    await record(h, 'sovera-kyc-rejected', rejected.reference);
  } finally {
    await h.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
