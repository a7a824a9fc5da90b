import { parseOnboardingRequest, type OnboardingInput } from '../domain/input';
import { describeIssues, type InputIssue } from '../domain/issues';
import { capabilitiesOf, type Capabilities } from '../domain/providers';
import { personDigest } from './person-digest';

export type PreparedOnboarding =
  { input: OnboardingInput; capabilities: Capabilities; eventsEnabled: boolean; person?: string } | { issues: InputIssue[]; message: string };

/**
 * Run once per onboarding, as a local activity at its first run: today's schemas decide, and
 * their verdict is recorded in the history, where replays read it instead of deciding again.
 * The workflow's own code never holds the input schemas. Whether the backend takes events is
 * decided then too (the worker's configuration), so an onboarding sends all its events or none.
 * `person` (absent in histories of earlier versions) tells a restart whose onboarding it was.
 */
export function prepareOnboardingWith(options: { eventsEnabled: boolean }) {
  return async function prepareOnboarding(request: unknown): Promise<PreparedOnboarding> {
    const parsed = parseOnboardingRequest(request);
    if (!parsed.success) return { issues: parsed.issues, message: describeIssues(parsed.issues) };
    return { input: parsed.data, capabilities: capabilitiesOf(parsed.data), eventsEnabled: options.eventsEnabled, person: personDigest(parsed.data) };
  };
}
