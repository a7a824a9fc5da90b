import type { ApiRole } from '../domain/actor';

/**
 * What each role may do: the one table the API, the console and the codec server check. Backends
 * run the person's side (start, codes, credentials); support staff act on a person's behalf (KYC,
 * resend, support answers, cancel) but never type a person's code; operators only look, and never
 * see a person's data; compliance reads a person's full data, each time audited.
 */
export const permissions = {
  start: ['backend'],
  read: ['backend', 'support', 'operator', 'compliance'],
  'submit-otp': ['backend'],
  'resend-otp': ['backend', 'support'],
  credential: ['backend'],
  'kyc-decision': ['support'],
  /** The person's KYC access (Stokn's URL, Sumvin's app token, minted fresh): the backend hands it to the person's app; support reads it to the person. */
  'kyc-access': ['backend', 'support'],
  /** Answer an onboarding waiting in `awaiting-support` ("retry", or "found" with the ids checked by hand). */
  'resolve-support': ['support'],
  cancel: ['backend', 'support'],
  /** The support console (console/): people, not scripts. */
  console: ['support', 'operator', 'compliance'],
  /** Codec server: see the decrypted payloads in the Web UI (person's fields masked, credentials never). */
  decode: ['support', 'operator', 'compliance'],
  /** Codec server: a person's full data, unmasked; every such decode is audited. */
  'decode-person': ['compliance'],
  /** Codec server: payloads the Web UI writes (signals sent from the UI) are support's. */
  encode: ['support'],
} as const satisfies Record<string, readonly ApiRole[]>;

export type Permission = keyof typeof permissions;

export function allows(role: ApiRole, permission: Permission): boolean {
  return (permissions[permission] as readonly ApiRole[]).includes(role);
}
