import { z } from 'zod';
import { providerNames } from '../domain/providers';
import { reference, secretInput } from '../domain/inputs/common';
import { text } from '../domain/inputs/text';
import { maxReasonLength } from '../domain/message-schemas';
import { needsActions, onboardingSteps } from '../domain/onboarding-steps';

/** Request and answer shapes of the API: validation, types and the OpenAPI document all come from these. */

export const referenceParams = z.object({ reference }).strict();
export const providerParams = z.object({ provider: z.enum(providerNames) }).strict();

export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string({ error: 'is required: a unique key per onboarding request (a UUID), the same on every retry of it' })
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters'),
});

export const listQuery = z
  .object({
    step: z.enum(onboardingSteps).optional(),
    provider: z.enum(providerNames).optional(),
    kycStatus: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'must be a provider KYC status word')
      .optional(),
    needsAction: z.enum(needsActions).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    pageToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,4000}$/, 'must be a nextPageToken from a previous page')
      .optional(),
  })
  .strict();

/** A reason a person types: the same text rule as the message it becomes (no invisible characters), so the route refuses what the workflow would. */
const reasonText = text(maxReasonLength);

export const otpBody = z.object({ code: z.string().regex(/^\d{4,8}$/, 'must be the 4-8 digits the person received') }).strict();
/** Routes that take no body: none (Fastify gives null), or an empty object. */
export const noBody = z.object({}).strict().nullish();

export const kycDecisionBody = z
  .object({
    decision: z.enum(['VERIFIED', 'REJECTED']),
    reason: reasonText.optional(),
    decidedBy: z.never({ error: 'is taken from your credential, never from the body' }).optional(),
  })
  .strict()
  .refine((d) => d.decision !== 'REJECTED' || d.reason !== undefined, { path: ['reason'], message: 'is required to reject' });

export const credentialBody = z.object({ credential: secretInput }).strict();

const idField = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, 'must be an id of 1-128 letters, digits, ".", "_", ":", "@" or "-"');
const fromCredential = z.never({ error: 'is taken from your credential, never from the body' }).optional();

/** Support's answer to an onboarding in `awaiting-support`: nothing was created ("retry"), or here are the ids found by hand. */
export const supportResolutionBody = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('retry'), actor: fromCredential }).strict(),
    z
      .object({ decision: z.literal('found'), userId: idField.optional(), accountId: idField.optional(), holderId: idField.optional(), actor: fromCredential })
      .strict(),
  ],
  { error: 'must be {"decision":"retry"} or {"decision":"found", with the ids the status asks for}' },
);

/** Cancel: optionally why (kept in the workflow's audit trail; the API's audit line says only that one was given). */
export const cancelBody = z.object({ reason: reasonText.optional() }).strict().nullish();

export const kycAccessAnswer = z
  .object({
    reference: z.string(),
    identificationUrl: z.string().optional().describe('where the person completes KYC (Stokn)'),
    accessToken: z.string().optional().describe("a fresh token for the person's KYC app (Sumvin, short-lived); hand it to the app, never store it"),
  })
  .meta({ id: 'KycAccess' });

const actor = z.object({ id: z.string(), role: z.string() });

export const startedAnswer = z
  .object({
    reference: z.string(),
    workflowId: z.string(),
    runId: z.string(),
    created: z.boolean().describe('false when this answers a retry of an earlier start (same Idempotency-Key and body)'),
    next: z
      .object({
        step: z.enum(onboardingSteps),
        needsAction: z.enum(needsActions),
        who: z.enum(['person', 'backend', 'support', 'nobody']).describe('who acts next'),
        action: z.string().optional().describe('what to do, in plain words: "enter the sms code sent to +1 *** *** 23"'),
        otp: z
          .object({ channel: z.enum(['email', 'sms']), expiresAt: z.string(), sentTo: z.string().optional().describe('masked by the provider') })
          .optional(),
        userId: z.string().optional().describe("the person's id at the provider"),
      })
      .optional()
      .describe('the first wait, once the person exists at the provider; absent in a 202 (the wait ran out: read the status URL)'),
    statusUrl: z.string().optional().describe('in a 202: where to read the onboarding (also the Location header)'),
  })
  .meta({ id: 'Started' });

/** What GET /v1/onboardings/{reference} answers: the workflow's status query (ids and progress, never PII) and the pending call. */
export const onboardingView = z
  .object({
    reference: z.string(),
    provider: z.enum(providerNames),
    step: z.enum(onboardingSteps),
    workflowId: z.string(),
    running: z.boolean(),
    startedAt: z.string(),
    updatedAt: z.string(),
    nextAction: z.string().optional(),
    userId: z.string().optional(),
    holderId: z.string().optional(),
    depositAddress: z.string().optional(),
    needsAction: z.enum(needsActions).describe('who the onboarding waits for (also the NeedsAction search attribute)'),
    timeline: z.array(z.object({ step: z.string(), startedAt: z.string(), finishedAt: z.string().optional() })),
    otp: z.looseObject({}).optional(),
    kyc: z.looseObject({}).optional(),
    holder: z.looseObject({}).optional(),
    lastPollFailure: z.object({ type: z.string(), message: z.string(), at: z.string() }).optional(),
    alert: z
      .object({ type: z.string(), message: z.string(), since: z.string() })
      .optional()
      .describe('a poll failure a person must look at (a refused partner key, an unreadable answer); the onboarding keeps waiting'),
    support: z
      .object({
        step: z.string(),
        check: z.string(),
        needs: z.array(z.string()),
        since: z.string(),
        answers: z
          .array(z.object({ decision: z.enum(['retry', 'found']), meaning: z.string(), fields: z.array(z.string()).optional() }))
          .optional()
          .describe('the answers support may give (POST …/support-resolution)'),
      })
      .optional()
      .describe('why the onboarding waits for support (a lost answer nothing documented can recover) and what to check by hand'),
    failure: z.object({ type: z.string(), message: z.string() }).optional(),
    audit: z
      .array(z.object({ at: z.string(), actor: actor.optional(), action: z.string(), detail: z.string().optional() }))
      .describe('who did what to the onboarding (kept by the workflow)'),
    pendingCall: z
      .object({ activity: z.string(), attempt: z.number().int(), lastFailureType: z.string().optional() })
      .optional()
      .describe('the call the onboarding is making now, with its attempt (above 1 when it is being retried)'),
  })
  .meta({ id: 'Onboarding' });

export const onboardingList = z
  .object({
    onboardings: z.array(
      z.object({
        reference: z.string(),
        workflowId: z.string(),
        runId: z.string(),
        status: z.string(),
        startedAt: z.string().optional(),
        closedAt: z.string().optional(),
        step: z.string().optional(),
        provider: z.string().optional(),
        kycStatus: z.string().optional(),
        needsAction: z.string().optional(),
      }),
    ),
    nextPageToken: z.string().optional().describe('pass as pageToken for the next page; absent on the last page'),
  })
  .meta({ id: 'OnboardingList' });

export const otpAnswer = z.object({
  accepted: z.boolean(),
  channel: z.enum(['email', 'sms']),
  reason: z.enum(['wrong-code', 'expired']).optional(),
  attemptsLeft: z.number().int().optional(),
  reissued: z.boolean().optional(),
});
export const otpSent = z.object({ channel: z.enum(['email', 'sms']), expiresAt: z.string(), sentTo: z.string().optional(), resendsLeft: z.number().int() });
export const accepted = z.object({ reference: z.string(), accepted: z.literal(true), actor }).meta({ id: 'Accepted' });
export const health = z.object({ status: z.enum(['ok', 'unavailable']), detail: z.string().optional() });
/** A task queue and the workers polling it for workflow tasks, as Temporal last saw them (api/routes/workers.ts). */
export const workersAnswer = z.object({ taskQueue: z.string(), workers: z.number().int().min(0) });
