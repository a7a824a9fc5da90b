import { tallyEvents, type EventDelivery } from '../stack/support/chaos-report';

/** The chaos run's check of the backend's events (test/stack/chaos.test.ts) catches what it is meant to. */
describe('tallying the backend events of a chaos run', () => {
  const event = (reference: string, sequence: number, id: string, type = 'onboarding.kyc_pending'): EventDelivery => ({ reference, sequence, id, type });

  test('a redelivery of the same id is counted as such, never as a duplicate', () => {
    const tally = tallyEvents([event('a', 1, 'x'), event('a', 1, 'x'), event('a', 2, 'y', 'onboarding.completed')], ['a']);
    expect(tally).toEqual({ events: 2, redeliveries: 1, duplicated: 0, missing: 0, withoutCompletedEvent: 0 });
  });

  test('the same event under a second id, a gap, and an onboarding without its completed event are each counted', () => {
    const tally = tallyEvents([event('a', 1, 'x'), event('a', 1, 'x2'), event('a', 3, 'z', 'onboarding.completed'), event('b', 1, 'w')], ['a', 'b']);
    expect(tally).toEqual({ events: 4, redeliveries: 0, duplicated: 1, missing: 1, withoutCompletedEvent: 1 });
  });
});
