import { patched } from '@temporalio/workflow';

/**
 * The patches a first run can reach in the activation that resolves its local activity
 * (prepareOnboarding) with no command of its own in between: a restart that adopted its user and
 * its proven contact goes straight to the KYC wait, raising an event on the way. Such an
 * activation may replay on an earlier workflow task than the one its first run recorded the
 * markers in (a run evicted while its local activity ran records the activity's marker alone, and
 * the rest in the next task), and there patched() is false for them: every replay fails and the
 * onboarding is stranded (docs/replay-safety.md, test/replay/stranded/).
 *
 * Since 'patches-before-local-activity' (taken with the other patches before the local activity,
 * workflows/prepare.ts) a first run takes all of them by that one marker, and records none of
 * theirs. Runs after a continue-as-new have no local activity: they still ask each one.
 */
export const upFrontPatches = ['backend-events', 'events-outlive-run', 'kyc-decision-at-wait'] as const;
export type UpFrontPatch = (typeof upFrontPatches)[number];

/** Whether this first run takes the patches above up front: decided before its local activity. */
export const takesPatchesUpFront = (): boolean => patched('patches-before-local-activity');
