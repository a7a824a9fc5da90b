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
 * A run started on this build takes every patch above and prepare.ts's, and search attributes once per activation
 * (workflows/search-attribute-publisher.ts), by this one marker. Each patch asked alone costs two
 * events (its marker and the SDK's `TemporalChangeVersion` upsert) and a visibility write; a first
 * run asked about twelve. Asked before anything else, in the first activation, so neither a local
 * activity nor the order of delivery decides where it is recorded. Runs started before it replay
 * without the marker and keep asking each patch where they always did.
 */
export const baselinePatch = 'baseline-2026-12';

export const takesBaseline = (): boolean => patched(baselinePatch);
