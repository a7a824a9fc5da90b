import { z } from 'zod';

/**
 * A provider's KYC webhook. (ours) No provider documents one: the event shape is our own,
 * the same for the four providers and the sandbox's outbound webhooks.
 */
export const kycWebhookEvent = z
  .object({
    type: z.literal('kyc.decided'),
    userId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be the provider user id'),
    decision: z.enum(['VERIFIED', 'REJECTED']),
    providerStatus: z.string().max(50).optional(),
    reason: z.string().max(500).optional(),
    occurredAt: z.string().optional(),
  })
  .strict()
  .meta({ id: 'KycWebhookEvent' });
export type KycWebhookEvent = z.infer<typeof kycWebhookEvent>;
