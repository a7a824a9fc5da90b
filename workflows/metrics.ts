import { metricMeter } from '@temporalio/workflow';
import type { ProviderName } from '../domain/providers';
import type { OnboardingStep } from './definitions';

/**
 * Onboardings by step, for operators (Prometheus `onboarding_steps_entered`): one count each time
 * an onboarding enters a step. The SDK emits workflow metrics only on the first execution, never
 * while replaying, so a worker restart does not count steps twice.
 */
export function countStepEntered(provider: ProviderName, step: OnboardingStep): void {
  metricMeter.createCounter('onboarding_steps_entered', 'onboardings', 'Steps entered by onboardings').add(1, { provider, step });
}

/** A creating call that kept failing past `wait.outageAlertAfter` (Prometheus `onboarding_provider_outage_alerts`). */
export function countOutageAlert(provider: ProviderName, call: string): void {
  metricMeter.createCounter('onboarding_provider_outage_alerts', 'alerts', 'Creating calls still failing after the alert threshold').add(1, { provider, call });
}
