import { accountTypeOf, inputIssues, onboardingInput, type InputIssue, type OnboardingInput } from '../domain/input';
import { capabilitiesOf, type Capabilities } from '../domain/providers';

export type PreparedOnboarding = { input: OnboardingInput; capabilities: Capabilities } | { issues: InputIssue[] };

/**
 * Run once per onboarding, as a local activity at its first run: today's schemas decide, and
 * their verdict is recorded in the history, where replays read it instead of re-deciding.
 */
export async function prepareOnboarding(request: unknown): Promise<PreparedOnboarding> {
  const parsed = onboardingInput.safeParse(request);
  if (!parsed.success) return { issues: inputIssues(parsed.error) };
  return { input: parsed.data, capabilities: capabilitiesOf(parsed.data.provider, accountTypeOf(parsed.data)) };
}
