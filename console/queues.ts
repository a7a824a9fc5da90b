import type { OnboardingFilter } from '../client/onboarding-client';

/**
 * The console's queues: what waits for a person, each one a visibility filter the API's list
 * uses too (OnboardingClient.list). Alerts are onboardings that need support while not waiting
 * in awaiting-support: a poll failure someone must fix (a rotated partner key, say).
 */
export interface Queue {
  id: string;
  title: string;
  explains: string;
  filter: OnboardingFilter;
}

export const queues: Queue[] = [
  {
    id: 'support',
    title: 'Needs support',
    explains: 'A call whose outcome was lost: check at the provider by hand, then answer.',
    filter: { step: 'awaiting-support' },
  },
  { id: 'kyc', title: 'KYC decision', explains: 'Waiting for KYC: the provider verifies, or support decides.', filter: { needsAction: 'kyc' } },
  {
    id: 'otp',
    title: 'Waiting for a code',
    explains: 'The person must enter the code sent to them; support may send a new one.',
    filter: { needsAction: 'otp' },
  },
  {
    id: 'alerts',
    title: 'Alerts',
    explains: 'A poll keeps failing in a way someone must fix; the onboarding keeps polling meanwhile.',
    filter: { needsAction: 'support', notStep: 'awaiting-support' },
  },
];

export function queueById(id: string): Queue | undefined {
  return queues.find((queue) => queue.id === id);
}
