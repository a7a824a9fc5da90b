/**
 * Who did something to an onboarding: an authenticated API principal, a provider's webhook, or
 * the support CLI. Ids only (a staff id, a backend's service name, a provider name), never a
 * secret or a person's data: it is kept in the workflow's audit trail and in log lines.
 */
export const apiRoles = ['backend', 'support', 'operator', 'compliance'] as const;
export type ApiRole = (typeof apiRoles)[number];

export type ActorRole = ApiRole | 'webhook' | 'cli';

export interface Actor {
  id: string;
  role: ActorRole;
}

/** What an actor may name itself: letters, digits and ._@:- (a staff id, a service name). */
export const actorIdPattern = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}$/;
