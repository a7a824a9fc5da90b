import { createHash } from 'node:crypto';
import type { OnboardingInput } from '../domain/input';
import { personIdentity } from '../domain/restart';

/** The person an onboarding is for, as a digest a memo may show: equal for the same person, nothing readable. */
export function personDigest(input: OnboardingInput): string {
  return createHash('sha256').update(personIdentity(input)).digest('base64url');
}
