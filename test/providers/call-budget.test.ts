import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import { attemptMarginMs, providerCallTimeoutMs, worstCaseCalls } from '../../domain/provider-calls';
import { creatingCallLeastMs, interactiveCall, mutatingCall, pollingCall } from '../../workflows/retry-policies';
import { providersConfigFrom } from '../../providers/config';

/**
 * An attempt's start-to-close holds all of its provider calls at their longest (15 s each) plus a
 * margin, for the activities the workflow runs with each set of options; a heartbeat timeout
 * makes cancellation reach a call in flight.
 */
describe('activity timeouts fit their provider calls', () => {
  const groups = {
    mutatingCall: {
      options: mutatingCall,
      activities: ['createUser', 'mintCredential', 'refreshCredential', 'startKyc', 'createHolder', 'depositAddress', 'deactivate'],
    },
    pollingCall: { options: pollingCall, activities: ['getKycStatus', 'getHolder'] },
    interactiveCall: { options: interactiveCall, activities: ['sendOtp', 'verifyOtp'] },
  } as const;

  it.each(Object.entries(groups))('%s', (_name, { options, activities }) => {
    const startToClose = msToNumber(options.startToCloseTimeout as Duration);
    for (const activity of activities) {
      expect(startToClose).toBeGreaterThanOrEqual(worstCaseCalls[activity] * providerCallTimeoutMs + attemptMarginMs);
    }
    expect(msToNumber(options.heartbeatTimeout as Duration)).toBeLessThan(startToClose);
    // Creating calls get theirs per call: the onboarding's time left, at least creatingCallLeastMs (workflows/outages.ts).
    const scheduleToClose = options === mutatingCall ? creatingCallLeastMs : msToNumber(options.scheduleToCloseTimeout as Duration);
    expect(scheduleToClose).toBeGreaterThan(startToClose);
  });

  it('every activity belongs to one group', () => {
    const grouped = Object.values(groups).flatMap((g) => g.activities);
    expect([...grouped].sort()).toEqual(Object.keys(worstCaseCalls).sort());
  });

  it('refuses an HTTP timeout longer than the timeouts were sized for', () => {
    expect(() => providersConfigFrom({ PROVIDER_HTTP_TIMEOUT_MS: String(providerCallTimeoutMs + 1) })).toThrow();
    expect(providersConfigFrom({ PROVIDER_HTTP_TIMEOUT_MS: '2000' }).timeoutMs).toBe(2_000);
  });
});
