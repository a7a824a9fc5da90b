import { z } from 'zod';
import type { OnboardingInput } from './input';
import { profileOf } from './providers';

/**
 * A failed onboarding started again under the same reference (id reuse) adopts what its earlier
 * runs made at the provider, so the person never gets a second user there. Each run keeps that
 * record in its memo (ids only, no personal data: it is shown in the Web UI); the client reads
 * the newest run's record when it starts the reference again and hands it to the new run.
 */

/** The memo field each run keeps up to date with what it made at the provider. */
export const madeMemoKey = 'madeAtProvider';
/** The memo field of a restart: the earlier run and what it made. */
export const restartMemoKey = 'restartOf';

/**
 * The record's schemas, as builders: this module is shared, frozen, by every workflow of a worker
 * (workers/workflow-bundle.ts preloads it), and a schema zod parses with must not be frozen
 * (domain/message-schemas.ts says why). A restart's first run builds one; the client builds its own once.
 */
export const madeAtProviderSchema = () =>
  z.object({
    /** Whose onboarding it was (personDigest): a restart for somebody else adopts nothing. */
    person: z.string().min(1),
    /** The id we chose for the user where the provider lets us (read back when its create answer was lost). */
    userKey: z.string().min(1),
    user: z.object({ id: z.string().min(1), accountId: z.string().min(1).optional() }).optional(),
    verified: z.array(z.enum(['email', 'sms'])),
    /** Only a holder the provider finished building. */
    holder: z.object({ kind: z.enum(['wallet', 'portfolio', 'safe', 'account']), id: z.string().min(1), address: z.string().optional() }).optional(),
  });
export type MadeAtProvider = z.infer<ReturnType<typeof madeAtProviderSchema>>;

export const restartOfSchema = () => z.object({ runId: z.string().min(1), made: madeAtProviderSchema() });
export type RestartOf = z.infer<ReturnType<typeof restartOfSchema>>;

/**
 * What identifies the person at the provider, as a restart compares it: the email, or at Sumvin
 * the chain and EOA the Safe belongs to. Kept only as a digest (activities/person-digest.ts).
 */
export function personIdentity(input: OnboardingInput): string {
  return (profileOf(input.provider).identity as (input: OnboardingInput) => string)(input);
}
