import { z } from 'zod';
import type { RetryPolicy } from '@temporalio/common';
import { providerNames } from './providers';
import { nonRetryableFailureTypes } from './failures';

/**
 * Events the onboarding sends to the backend (activity deliverEvent), signed like the webhooks
 * we receive (webhooks/signature.ts). Ids only: never a person's data, a code or a token; the
 * backend reads details with GET /v1/onboardings/{reference}. `id` is unique per event (the
 * workflow makes it with uuid4()) and is also the webhook-id header, so the backend can drop a
 * redelivery; `sequence` counts the onboarding's events from 1, so it can also order them.
 */
const base = {
  id: z.uuid(),
  reference: z.string().min(1).max(64),
  provider: z.enum(providerNames),
  sequence: z.number().int().min(1),
  occurredAt: z.iso.datetime(),
};

export const backendEvent = z.discriminatedUnion('type', [
  z
    .object({
      ...base,
      type: z.literal('onboarding.otp_required'),
      data: z.object({ userId: z.string(), channel: z.enum(['email', 'sms']), expiresAt: z.string() }).strict(),
    })
    .strict(),
  z.object({ ...base, type: z.literal('onboarding.kyc_pending'), data: z.object({ userId: z.string() }).strict() }).strict(),
  z
    .object({
      ...base,
      type: z.literal('onboarding.completed'),
      data: z.object({ userId: z.string(), holderKind: z.enum(['wallet', 'portfolio', 'safe', 'account']), holderId: z.string() }).strict(),
    })
    .strict(),
  z.object({ ...base, type: z.literal('onboarding.failed'), data: z.object({ failureType: z.string() }).strict() }).strict(),
]);
export type BackendEvent = z.infer<typeof backendEvent>;
export type BackendEventType = BackendEvent['type'];

/**
 * How the workflow should call deliverEvent: retried with backoff until the backend takes it
 * (no attempt limit: an event must not be lost to an outage), never for a typed refusal.
 */
export const eventDeliveryRetry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  nonRetryableErrorTypes: nonRetryableFailureTypes,
};
