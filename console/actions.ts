import type { OnboardingClient, OnboardingView } from '../client/onboarding-client';
import { cancelBody, kycDecisionBody, supportResolutionBody } from '../api/schemas';
import type { AuditedAction } from '../api/audit';
import type { Permission } from '../api/permissions';
import type { Actor } from '../domain/actor';
import { inputIssues } from '../domain/input';
import { capabilitiesOf } from '../domain/providers';
import { viaClient } from '../api/client-errors';
import { ProblemError } from '../api/problems';

/** One input of an action's confirmation form. */
export interface ActionField {
  name: string;
  label: string;
  required: boolean;
}

/** What an action answers: a sentence, and for KYC access what support reads out to the person. */
export interface ActionOutcome {
  said: string;
  shown?: { label: string; value: string }[];
}

/**
 * Something support does from an onboarding's page: offered only while the onboarding is where
 * it applies and to a role the permission table allows (api/permissions.ts, as the API checks
 * it), confirmed on a page of its own, then done through the same client calls and body schemas
 * as the HTTP route, with the signed-in principal as the actor.
 */
export interface ConsoleAction {
  id: string;
  /** The button. */
  label: string;
  /** The confirmation page's question. */
  question: string;
  permission: Permission;
  /** Its line in the API's audit log: the same action as the HTTP route's. */
  auditAs: AuditedAction;
  offered(view: OnboardingView): boolean;
  fields(view: OnboardingView): ActionField[];
  perform(client: OnboardingClient, view: OnboardingView, form: Record<string, string>, actor: Actor): Promise<ActionOutcome>;
}

const reason = (required: boolean): ActionField => ({ name: 'reason', label: required ? 'Reason (required)' : 'Reason (optional)', required });
/** An empty box is "not given": the schemas then say what is missing. */
const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

/** Parses a form with the route's own body schema, or refuses with its field-level messages. */
function body<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProblemError(400, 'invalid-request', undefined, inputIssues(parsed.error));
  return parsed.data;
}

const kycDecision = (decision: 'VERIFIED' | 'REJECTED'): ConsoleAction => ({
  id: decision === 'VERIFIED' ? 'approve-kyc' : 'reject-kyc',
  label: decision === 'VERIFIED' ? 'Approve KYC' : 'Reject KYC',
  question:
    decision === 'VERIFIED' ? 'Approve this person’s KYC? The provider is asked to confirm at once.' : 'Reject this person’s KYC? The onboarding then fails.',
  permission: 'kyc-decision',
  auditAs: 'kyc-decision',
  offered: (view) => view.running && view.step === 'awaiting-kyc',
  fields: () => [reason(decision === 'REJECTED')],
  async perform(client, view, form, actor) {
    const parsed = body(kycDecisionBody, { decision, reason: given(form.reason) });
    await viaClient(() => client.decideKyc(view.reference, { decision: parsed.decision, reason: parsed.reason }, actor));
    return { said: decision === 'VERIFIED' ? 'The approval is recorded; the onboarding checks with the provider now.' : 'The rejection is recorded.' };
  },
});

const supportAnswer = (decision: 'retry' | 'found'): ConsoleAction => ({
  id: `support-${decision}`,
  label: decision === 'retry' ? 'Nothing was created: retry' : 'It was created: give its ids',
  question:
    decision === 'retry'
      ? 'You checked at the provider and nothing was created? The onboarding makes the call again.'
      : 'Give the ids as the provider shows them; the onboarding goes on with them.',
  permission: 'resolve-support',
  auditAs: 'support-resolution',
  offered: (view) => view.running && view.step === 'awaiting-support' && view.support !== undefined,
  fields: (view) => (decision === 'found' ? (view.support?.needs ?? []).map((name) => ({ name, label: name, required: true })) : []),
  async perform(client, view, form, actor) {
    const ids = Object.fromEntries((view.support?.needs ?? []).map((name) => [name, given(form[name])]));
    const resolution = body(supportResolutionBody, decision === 'retry' ? { decision } : { decision, ...ids });
    const { actor: _none, ...answer } = resolution;
    await viaClient(() => client.resolveSupport(view.reference, answer, actor));
    return { said: decision === 'retry' ? 'The onboarding makes the call again.' : 'The onboarding goes on with the ids you gave.' };
  },
});

export const consoleActions: ConsoleAction[] = [
  kycDecision('VERIFIED'),
  kycDecision('REJECTED'),
  {
    id: 'resend-otp',
    label: 'Send a new code',
    question: 'Send the person a new code?',
    permission: 'resend-otp',
    auditAs: 'resend-otp',
    offered: (view) => view.running && view.step === 'verifying-contact',
    fields: () => [],
    async perform(client, view, _form, actor) {
      const sent = await viaClient(() => client.resendOtp(view.reference, actor));
      return { said: `A new ${sent.channel} code was sent${sent.sentTo ? ` to ${sent.sentTo}` : ''}.` };
    },
  },
  supportAnswer('retry'),
  supportAnswer('found'),
  {
    id: 'kyc-access',
    label: 'Get the person’s KYC access',
    question: 'Get what the person needs to complete KYC? A token is minted fresh and shown once, here.',
    permission: 'kyc-access',
    auditAs: 'kyc-access',
    offered: (view) => view.running && view.step === 'awaiting-kyc' && (capabilitiesOf(view).kycAppToken || view.kyc?.identificationUrl !== undefined),
    fields: () => [],
    async perform(client, view, _form, actor) {
      const access = await viaClient(() => client.issueKycAccess(view.reference, actor));
      const shown = [
        ...(access.identificationUrl ? [{ label: 'Identification URL', value: access.identificationUrl }] : []),
        ...(access.accessToken ? [{ label: 'App token (short-lived)', value: access.accessToken.secret }] : []),
      ];
      return { said: 'Hand this to the person; the onboarding keeps none of it.', shown };
    },
  },
  {
    id: 'cancel',
    label: 'Cancel the onboarding',
    question: 'Cancel this onboarding? What was created at the provider is undone where it can be.',
    permission: 'cancel',
    auditAs: 'cancel',
    offered: (view) => view.running,
    fields: () => [reason(false)],
    async perform(client, view, form, actor) {
      const parsed = body(cancelBody, { reason: given(form.reason) });
      await viaClient(() => client.cancel(view.reference, actor, parsed?.reason));
      return { said: 'The onboarding is being cancelled.' };
    },
  },
];

export function actionById(id: string): ConsoleAction | undefined {
  return consoleActions.find((action) => action.id === id);
}
