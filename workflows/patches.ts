import { patched } from '@temporalio/workflow';

/**
 * Every patch the onboarding's steps ask (through `OnboardingRun.patched`), each a change to
 * released workflow code. prepare.ts asks its own first: 'validate-input-once' and
 * 'patches-before-local-activity' (workflows/upfront-patches.ts).
 */
export const patchIds = [
  'alert-on-poll-errors',
  'backend-events',
  'credential-wait-order-free',
  'events-outlive-run',
  'finish-handlers-on-failure',
  'holder-deadline',
  'holder-poll-backoff',
  'keep-early-credential',
  'kyc-claims-settled',
  'kyc-decision-at-wait',
  'kyc-status-attribute',
  'no-wait-in-updates',
  'otp-reissue-at-provider-limit',
  'outlast-provider-outages',
  'renew-credential-at-create',
  'restart-adopts',
  'slim-activity-inputs',
  'support-resolution',
  'tolerate-poll-outages',
] as const;
export type PatchId = (typeof patchIds)[number];

/**
 * The baseline markers, oldest first. A run started on this build takes the newest, and with it
 * every patch above and prepare.ts's, and search attributes once per activation
 * (workflows/search-attribute-publisher.ts). Each patch asked alone costs two events (its marker
 * and the SDK's `TemporalChangeVersion` upsert) and a visibility write; a first run asked about
 * twelve. A later baseline also carries what changed since the one before it:
 * - 'baseline-2026-12-06': a creating call raises its outage alert without a timer (workflows/outages.ts).
 *
 * Asked before anything else, in the first activation, so neither a local activity nor the order
 * of delivery decides where it is recorded. A replay finds the marker its run recorded; runs
 * started before any baseline replay without one and keep asking each patch where they always did.
 */
export const baselines = ['baseline-2026-12', 'baseline-2026-12-06'] as const;
export type Baseline = (typeof baselines)[number];
export const newestBaseline: Baseline = baselines[baselines.length - 1];

/** The baseline this run took, newest asked first: a new run records only the newest. */
export const takenBaseline = (): Baseline | undefined => [...baselines].reverse().find((id) => patched(id));

/** Whether a run that took `taken` has what came with `since`. */
export const baselineIncludes = (taken: Baseline | undefined, since: Baseline): boolean =>
  taken !== undefined && baselines.indexOf(taken) >= baselines.indexOf(since);
