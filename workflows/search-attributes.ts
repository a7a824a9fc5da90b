import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Operators filter onboardings by these in the Web UI. Never PII: they are stored unencrypted. */
export const onboardingStepKey = defineSearchAttributeKey('OnboardingStep', SearchAttributeType.KEYWORD);
export const onboardingProviderKey = defineSearchAttributeKey('OnboardingProvider', SearchAttributeType.KEYWORD);

/** name=Type pairs, as the dev server's --search-attribute flag and createLocal take them. */
export const searchAttributeRegistrations = { OnboardingStep: 'Keyword', OnboardingProvider: 'Keyword' } as const;
