import type { Page } from 'playwright-core';
import { workflowIdFor } from '../../client/onboarding-client';
import { eventually } from '../support/harness';
import { awaitedCode } from '../support/person';
import { stoknRequest } from '../support/requests';
import { screenshot, signInAtCodecServer, startWebUiStack, textWithFrames, type WebUiStack } from '../support/web-ui';

/**
 * What the Web UI (2.56.4, with the codec server) tells a person about an onboarding waiting for
 * its OTP, read from the pages in Debian's chromium as a person goes: the workflow list, the
 * workflow's page (its timeline), its User Metadata tab. Issue 23 §4.
 */
describe('Web UI summaries and current details (real browser)', () => {
  let stack: WebUiStack;
  const stokn = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
  const workflowId = workflowIdFor(stokn.reference);
  const personal = [stokn.person.email, stokn.person.phone, stokn.password.secret];

  beforeAll(async () => {
    stack = await startWebUiStack();
    await stack.actors.client.start(stokn);
    await awaitedCode(stack.actors, stokn.reference);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** Waits until the page (frames included) shows every one of `expected`; a timeout says what it showed instead. */
  const showing = (page: Page, expected: string[], what: string) =>
    eventually(
      async () => {
        const shown = await textWithFrames(page);
        const missing = expected.filter((text) => !shown.includes(text));
        if (missing.length > 0) throw new Error(`missing ${JSON.stringify(missing)}; the page shows: ${shown.replace(/\s+/g, ' ').slice(0, 1500)}`);
        return shown;
      },
      60_000,
      what,
    );

  test('signed in: the list shows the onboarding; its timeline shows each activity and timer summary; User Metadata the summary, details and current details; no personal data', async () => {
    const context = await stack.browser();
    try {
      const page = await context.newPage();
      await signInAtCodecServer(page, stack, 'operator');

      // The list: 2.56.4 shows no column for a workflow's summary by default (its columns are the
      // execution's fields), so a row names the onboarding by its id and status.
      await page.goto(`${stack.uiUrl}/namespaces/default/workflows`);
      const list = await showing(page, [workflowId, 'Running', 'onboarding'], 'the onboarding in the workflow list');
      await screenshot(page, 'web-ui-summaries-list.png');

      // Its page, from the list: the timeline (the page's first tab) carries the summaries, decoded.
      await page.getByRole('link', { name: workflowId }).first().click();
      const history = await showing(
        page,
        ['createUser • stokn: create the user', 'sendOtp • stokn: send an OTP code by sms', 'sms OTP code expiry'],
        'the activity and timer summaries in the event history',
      );
      await screenshot(page, 'web-ui-summaries-history.png');

      await page.getByText('User Metadata', { exact: true }).click();
      const metadata = await showing(
        page,
        [
          `stokn onboarding ${stokn.reference}`,
          `reference: ${stokn.reference}`,
          'verifying-contact since',
          'waits for: otp, acted on by person',
          'next: enter the sms code sent to',
        ],
        'the summary, details and current details',
      );
      await screenshot(page, 'web-ui-summaries-metadata.png');

      for (const text of personal) expect({ text, shown: [list, history, metadata].some((shown) => shown.includes(text)) }).toEqual({ text, shown: false });
    } finally {
      await context.close();
    }
  });

  test('not signed in at the codec server, the page shows no summary: they are stored encrypted', async () => {
    const context = await stack.browser();
    try {
      const page = await context.newPage();
      await page.goto(stack.workflowPage(stokn.reference));
      // The page has loaded its history (the timeline names the activities) and the codec server refused it (the banner).
      const shown = await showing(page, ['createUser', 'sendOtp', 'The codec server refused to decode'], 'the timeline without the codec');
      for (const summary of ['stokn: create the user', 'sms OTP code expiry']) expect(shown).not.toContain(summary);
      await screenshot(page, 'web-ui-summaries-not-signed-in.png');
    } finally {
      await context.close();
    }
  });
});
