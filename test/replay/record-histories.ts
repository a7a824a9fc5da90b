import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../client/onboarding-client';
import { eventDeliveryIdFor } from '../../workflows/definitions';
import { bundleWorkflows } from '../../workers/workflow-bundle';
import { eventually, startHarness, type Harness } from '../support/harness';
import { awaitedCode, enterAllCodes, reachStep, receivedCode, wrongCode } from '../support/person';
import type { OnboardingRequest } from '../../domain/input';
import { sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest, sumvinRequest, cybridRequest } from '../support/requests';
import { replayFixtureKeys } from './fixture-key';
import { startReceiver } from '../support/receiver';

/**
 * `npm run record-histories`: runs each seed flow on the real dev server and saves its history
 * for the replay test. Run it when a released workflow version is cut, never to "fix" a replay
 * failure: that failure means a change needs `patched()`.
 */
const dir = path.join(__dirname, 'histories');

async function record(h: Harness, name: string, reference: string): Promise<void> {
  await h.client.result(reference);
  // A flow named `*-delivery` records the reference's event delivery (open for a minute after its last event).
  const workflowId = name.endsWith('-delivery') ? eventDeliveryIdFor(reference) : workflowIdFor(reference);
  if (name.endsWith('-delivery'))
    await eventually(async () => ((await h.env.client.workflow.getHandle(workflowId).describe()).raw.pendingActivities?.length ? undefined : true));
  const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  // The history as the server stores it (payloads encrypted), in its wire form.
  const encoded = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64');
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ workflowId, events: history.events?.length, history: encoded }, null, 1));
  console.log(`recorded ${name} (${history.events?.length} events)`);
}

async function main(): Promise<void> {
  Object.assign(process.env, replayFixtureKeys);
  const bundleFile = path.join(__dirname, '..', '..', '.data', 'record-bundle.js');
  mkdirSync(path.dirname(bundleFile), { recursive: true });
  writeFileSync(bundleFile, await bundleWorkflows({ traced: false }));
  process.env.WORKFLOW_BUNDLE_FOR_TESTS = bundleFile;
  mkdirSync(dir, { recursive: true });

  // Safes take an hour here: each flow ends their creation when it wants (sumvinSafe). Events go
  // to a receiver that takes them all.
  const receiver = await startReceiver();
  const h = await startHarness({
    sandbox: { sumvin: { safeCreationMs: 3_600_000 } },
    events: { url: `${receiver.url}/events`, secret: 'replay-fixture-events-secret', timeoutMs: 2_000 },
  });
  try {
    const only = process.argv.slice(2);
    for (const [name, run] of Object.entries(flows)) {
      if (only.length === 0 || only.includes(name)) await record(h, name, await run(h));
    }
  } finally {
    await h.close();
    await receiver.close();
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
  if (provider === 'sumvin') await h.admin.sumvinSafe(waiting.userId!, 'completed');
  await h.admin.decideKyc(provider, waiting.userId!, 'VERIFIED');
  return reference;
}

const hour = 3_600_000;

/** Sumvin: the person's JWT expires while their code is checked; the backend supplies a new one and the person goes on. */
async function credentialExpiresMidCode(h: Harness, prefix: string): Promise<string> {
  const subject = `${prefix}-${Date.now()}`;
  const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, 3600), {
    wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpResendCooldown: '0 seconds' },
  });
  await h.client.start(request);
  const asked = await awaitedCode(h, request.reference, 'sms');
  const code = await receivedCode(h, 'sumvin', asked.userId!, 'sms');
  await h.admin.advanceClock(2 * hour);
  await h.client.submitOtp(request.reference, code).catch(() => undefined);
  await reachStep(h, request.reference, 'awaiting-credential');
  await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 3600));
  await reachStep(h, request.reference, 'verifying-contact');
  await h.client.resendOtp(request.reference);
  return finished(h, 'sumvin', request.reference);
}

/** `npm run record-histories -- <name>...` records only those (a new release's new paths). */
const flows: Record<string, (h: Harness) => Promise<string>> = {
  // Issue 23: started with Update-With-Start; the read-only update 'firstWait' answers the code sent.
  'stokn-first-wait': async (h) => {
    const request = stoknRequest();
    await h.client.startAndAwaitFirstWait(request, { waitMs: 60_000 });
    return finished(h, 'stokn', request.reference);
  },
  // Issue 23: the same update fails with the provider's refusal (a phone another user holds) before the run ends.
  'sovera-first-wait-refused': async (h) => {
    const holder = soveraRequest();
    await h.client.start(holder);
    await reachStep(h, holder.reference, 'awaiting-kyc');
    const request = soveraRequest();
    request.person.phone = holder.person.phone;
    await h.client.startAndAwaitFirstWait(request, { waitMs: 60_000 }).catch(() => undefined);
    await h.client.cancel(holder.reference);
    return request.reference;
  },
  sovera: (h) => completed(h, soveraRequest()),
  stokn: (h) => completed(h, stoknRequest()),
  'sfox-individual': (h) => completed(h, sfoxIndividualRequest()),
  'sfox-corporation': (h) => completed(h, sfoxCorporationRequest()),
  sumvin: async (h) => completed(h, sumvinRequest(await h.admin.userJwt('sumvin', `replay-${Date.now()}`))),
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
  // Since patch 'validate-input-once' (the workflow split): the input judged once by a local activity.
  'sovera-validated-once': (h) => completed(h, soveraRequest()),
  // Since 'finish-handlers-on-failure': a failed onboarding lets its handlers finish first.
  'sovera-rejected-handlers-finished': async (h) => {
    const request = soveraRequest();
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.decideKyc(request.reference, { decision: 'REJECTED', reason: 'replay fixture', decidedBy: 'recorder' });
    return request.reference;
  },
  // Since 'alert-on-poll-errors' and 'kyc-status-attribute': a refused key alerts and the wait goes on.
  'sovera-poll-alert': async (h) => {
    const request = soveraRequest();
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.fault({ provider: 'sovera', route: 'GET /users/:userId', failures: 100_000, failureStatus: 401 });
    await eventually(async () => ((await h.client.status(request.reference)).alert ? true : undefined));
    await h.admin.clearFaults();
    await eventually(async () => ((await h.client.status(request.reference)).alert ? undefined : true));
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    return request.reference;
  },
  // Since 'holder-poll-backoff' and 'holder-deadline': a Safe never ready, polled less and less, until its deadline.
  'sumvin-holder-deadline': async (h) => {
    const request = sumvinRequest(await h.admin.userJwt('sumvin', `replay-stuck-${Date.now()}`), {
      wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', holderDeadline: '10 seconds' },
    });
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sumvin', waiting.userId!, 'VERIFIED');
    return request.reference;
  },
  // Since 'keep-early-credential': a JWT supplied before it is needed is used when the old one expires.
  'sumvin-early-credential': async (h) => {
    const subject = `replay-early-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, 3600));
    await h.client.start(request);
    await enterAllCodes(h, 'sumvin', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 24 * 3600));
    await eventually(async () => ((await h.client.status(request.reference)).audit.some((a) => a.action === 'credential-supplied') ? true : undefined));
    await h.admin.advanceClock(2 * hour);
    await h.admin.sumvinSafe(waiting.userId!, 'completed');
    await h.admin.decideKyc('sumvin', waiting.userId!, 'VERIFIED');
    return request.reference;
  },
  // Since 'no-wait-in-updates': the JWT expires while a code is checked; the update answers, the workflow waits.
  'sumvin-credential-in-update': (h) => credentialExpiresMidCode(h, 'replay-mid-otp'),
  // Since 'backend-events': the onboarding's events go to the backend, in order.
  'stokn-backend-events': (h) => completed(h, stoknRequest()),
  // Since 'support-resolution': the wallet's answer is lost; support finds it by hand and answers.
  'sovera-wallet-through-support': async (h) => {
    const request = soveraRequest();
    await h.admin.fault({ provider: 'sovera', route: 'POST /users/:userId/wallets', drops: 1 });
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    await reachStep(h, request.reference, 'awaiting-support');
    const user = await h.admin.user<{ wallets: { wallet_id: string }[] }>('sovera', waiting.userId!);
    await h.client.resolveSupport(request.reference, { decision: 'found', holderId: user.wallets[0].wallet_id });
    return request.reference;
  },
  // Since 'kyc-decision-at-wait': support's decision comes before KYC starts; it is taken after the first poll.
  'sovera-kyc-decision-at-wait': async (h) => {
    const request = soveraRequest();
    await h.client.start(request);
    await enterAllCodes(h, 'sovera', request.reference);
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'recorder' });
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    return request.reference;
  },
  // Since 'credential-wait-order-free': the same flow; the credential supplied later goes through the wait.
  'sumvin-credential-order-free': (h) => credentialExpiresMidCode(h, 'replay-order-free'),
  // Since 'restart-adopts': failed at its code, started again; the new run adopts the user and sends the first code itself.
  'sfox-restarted': async (h) => {
    const request = sfoxIndividualRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes', otpMaxAttempts: 1 } });
    await h.client.start(request);
    const asked = await awaitedCode(h, request.reference);
    await h.client.submitOtp(request.reference, wrongCode(await receivedCode(h, 'sfox', asked.userId!, asked.otp!.channel)));
    await h.client.result(request.reference);
    return completed(h, { ...request, wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
  },
  // Since 'patches-before-local-activity': a restart that adopted the user and the proven email goes from its local activity straight to the KYC wait.
  'sfox-corporation-restarted-at-kyc': async (h) => {
    const request = sfoxCorporationRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '20 seconds' } });
    await h.client.start(request);
    await enterAllCodes(h, 'sfox', request.reference);
    await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.result(request.reference);
    return completed(h, { ...request, wait: { kycPollInterval: '1 second', kycDeadline: '10 minutes' } });
  },
  // Since 'events-outlive-run': the events are handed to the reference's delivery; the run ends with its steps.
  'stokn-events-handed-over': (h) => completed(h, stoknRequest()),
  // The delivery of those events (workflows/event-delivery.ts), in order.
  'stokn-events-delivery': (h) => completed(h, stoknRequest()),
  // Since 'outlast-provider-outages': the wallet call fails for a while, support is alerted, then it is created.
  'sovera-wallet-outage': async (h) => {
    const request = soveraRequest({ wait: { kycPollInterval: '1 second', kycDeadline: '30 days', outageAlertAfter: '2 seconds' } });
    await h.admin.fault({ provider: 'sovera', route: 'POST /users/:userId/wallets', failures: 1_000_000, failureStatus: 503 });
    await h.client.start(request);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.admin.decideKyc('sovera', waiting.userId!, 'VERIFIED');
    await eventually(async () => ((await h.client.status(request.reference)).alert ? true : undefined));
    await h.admin.clearFaults();
    return request.reference;
  },
  // Since 'renew-credential-at-create': the person's JWT expired before the first call; a fresh one is awaited.
  'sumvin-jwt-expired-at-create': async (h) => {
    const subject = `replay-expired-at-create-${Date.now()}`;
    const request = sumvinRequest(await h.admin.userJwt('sumvin', subject, -60));
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-credential');
    await h.client.supplyCredential(request.reference, await h.admin.userJwt('sumvin', subject, 3600));
    return finished(h, 'sumvin', request.reference);
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
  // Since 'kyc-claims-settled': a claim the provider does not confirm, then one it confirms; none is left at the end.
  'stokn-kyc-claims-settled': async (h) => {
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'recorder' });
    await eventually(async () => ((await h.client.status(request.reference)).kyc?.unconfirmedClaim ? true : undefined));
    await h.admin.decideKyc('stokn', waiting.userId!, 'VERIFIED');
    await h.client.decideKyc(request.reference, { decision: 'VERIFIED', decidedBy: 'recorder' });
    return request.reference;
  },
  // Since 'slim-activity-inputs': each activity gets only the input fields its call reads (sFOX: the person at createUser, the contact at sendOtp).
  'sfox-slim-activity-inputs': (h) => completed(h, sfoxIndividualRequest()),
  // issue 17: the fifth provider, its KYC access update (a Persona session) included
  cybrid: async (h) => {
    const request = cybridRequest();
    await h.client.start(request);
    await reachStep(h, request.reference, 'awaiting-kyc');
    await h.client.issueKycAccess(request.reference);
    return finished(h, 'cybrid', request.reference);
  },
  // Since the baseline patch (one marker for every patch, search attributes once per activation),
  // the paths that publish them: OTP, KYC claims and status, an alert raised and cleared by polls
  // and by a creating call, a credential wait, a restart's memo, a rejection, the fifth provider.
  'stokn-baseline': (h) => flows['stokn-kyc-claims-settled'](h),
  'sovera-baseline-poll-alert': (h) => flows['sovera-poll-alert'](h),
  'sovera-baseline-wallet-outage': (h) => flows['sovera-wallet-outage'](h),
  'sovera-baseline-rejected': (h) => flows['sovera-kyc-rejected'](h),
  'sumvin-baseline-credential': (h) => credentialExpiresMidCode(h, 'replay-baseline'),
  'sfox-baseline-restarted': (h) => flows['sfox-restarted'](h),
  'cybrid-baseline': (h) => flows.cybrid(h),
  // Since 'baseline-2026-12-06': creating calls without a timer beside them, an outage alert raised and cleared so.
  'stokn-baseline-06': (h) => completed(h, stoknRequest()),
  'sfox-corporation-baseline-06': (h) => completed(h, sfoxCorporationRequest()),
  'sovera-baseline-06-wallet-outage': (h) => flows['sovera-wallet-outage'](h),
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
