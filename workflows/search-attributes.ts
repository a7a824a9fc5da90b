import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Operators filter onboardings by these in the Web UI. Never PII: they are stored unencrypted. */
export const onboardingStepKey = defineSearchAttributeKey('OnboardingStep', SearchAttributeType.KEYWORD);
export const onboardingProviderKey = defineSearchAttributeKey('OnboardingProvider', SearchAttributeType.KEYWORD);
/** The provider's own KYC word as last seen ("PENDING", "in_progress"), or "none" before KYC. */
export const kycStatusKey = defineSearchAttributeKey('KycStatus', SearchAttributeType.KEYWORD);
/** Who the onboarding waits for: see `NeedsAction` in workflows/definitions.ts. */
export const needsActionKey = defineSearchAttributeKey('NeedsAction', SearchAttributeType.KEYWORD);
/**
 * The provider's id for the user, once created: how a provider's webhook (which names only its
 * own user id) finds the onboarding. A provider-issued opaque id, never PII.
 */
export const providerUserIdKey = defineSearchAttributeKey('ProviderUserId', SearchAttributeType.KEYWORD);

/** On a reference's event delivery (workflows/event-delivery.ts): 'refused' once the backend refused one of its events, 'undeliverable' after days of outage. */
export const eventDeliveryKey = defineSearchAttributeKey('BackendEventDelivery', SearchAttributeType.KEYWORD);

/**
 * The tenant whose backend key started the onboarding (api/tenant.ts): set at start, never by the
 * workflow, carried by continue-as-new. A tenant id, never PII.
 */
export const onboardingTenantKey = defineSearchAttributeKey('OnboardingTenant', SearchAttributeType.KEYWORD);

/** Every key the onboarding sets: registered wherever a Temporal server is set up. */
export const onboardingSearchAttributes = [
  onboardingStepKey,
  onboardingProviderKey,
  kycStatusKey,
  needsActionKey,
  providerUserIdKey,
  eventDeliveryKey,
  onboardingTenantKey,
];

/** name=Type pairs, as the dev server's --search-attribute flag and the operator service take them. */
export const searchAttributeRegistrations = Object.fromEntries(onboardingSearchAttributes.map((k) => [k.name, 'Keyword'])) as Record<string, 'Keyword'>;

/** The fairness key (workflows/priorities.ts) of onboardings started by an unscoped key (no tenant): they share one. */
export const unscopedFairnessKey = 'unscoped';
