import type { ApiRole } from '../domain/actor';

/**
 * What each role may do: the one table the API and the codec server check. Backends run the
 * person's side (start, codes, credentials); support staff act on a person's behalf (KYC,
 * resend, cancel) but never type a person's code; operators only look.
 */
export const permissions = {
  start: ['backend'],
  read: ['backend', 'support', 'operator'],
  'submit-otp': ['backend'],
  'resend-otp': ['backend', 'support'],
  credential: ['backend'],
  'kyc-decision': ['support'],
  cancel: ['backend', 'support'],
  /** Codec server: see the decrypted payloads in the Web UI. */
  decode: ['support', 'operator'],
  /** Codec server: payloads the Web UI writes (signals sent from the UI) are support's. */
  encode: ['support'],
} as const satisfies Record<string, readonly ApiRole[]>;

export type Permission = keyof typeof permissions;

export function allows(role: ApiRole, permission: Permission): boolean {
  return (permissions[permission] as readonly ApiRole[]).includes(role);
}
