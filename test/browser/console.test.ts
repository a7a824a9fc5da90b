import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { workflowIdFor } from '../../client/onboarding-client';
import { maskEmail, maskPhone } from '../../domain/masking';
import { startTestApi, type TestApi } from '../support/api';
import { eventually, startHarness, type Harness } from '../support/harness';
import { activityCompleted } from '../support/history';
import { enterAllCodes, reachStep } from '../support/person';
import { soveraRequest, stoknRequest } from '../support/requests';
import { resolveByHand } from '../support/support-desk';

const artifacts = path.resolve(__dirname, '..', '..', 'test-artifacts');
/** Debian's chromium, installed by .ci/run; never a browser downloaded by a tool. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The support console (console/) in a real headless Chromium over the real API, worker, dev
 * server and sandbox: support signs in and settles KYC from its queue, an operator sees the same
 * onboarding without the person or a button, and forms without the session's token are refused.
 */
describe('support console (real browser)', () => {
  let h: Harness;
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    h = await startHarness();
    api = await startTestApi(h.client);
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await api?.close();
    await h?.close();
  });
  afterEach(async () => {
    await h.admin.clearFaults();
  });

  /** A Stokn onboarding waiting for KYC after its first poll (the next is an hour away: only a decision moves it). */
  async function waitingForKyc() {
    const request = stoknRequest({ wait: { kycPollInterval: '1 hour', kycDeadline: '2 hours' } });
    await h.client.start(request);
    await enterAllCodes(h, 'stokn', request.reference);
    const waiting = await reachStep(h, request.reference, 'awaiting-kyc');
    await activityCompleted(h.env.client, workflowIdFor(request.reference), 'getKycStatus');
    return { request, userId: waiting.userId! };
  }

  /** A browser of its own (no shared cookies), signed in through the form with a role's key. */
  async function signedIn(role: 'support' | 'operator' | 'compliance'): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      throw new Error(`a script ran in the console: ${dialog.message()}`);
    });
    await page.goto(`${api.url}/console`);
    await page.waitForURL('**/console/sign-in');
    await page.fill('#key', api.keys[role]);
    await page.click('button[type=submit]');
    await page.waitForURL('**/console/queues/kyc');
    return page;
  }

  const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `console-${name}.png`), fullPage: true });
  const visible = (reference: string) =>
    eventually(
      async () =>
        (await h.client.list({ needsAction: 'kyc', provider: 'stokn' }, { pageSize: 100 })).onboardings.some((o) => o.reference === reference)
          ? true
          : undefined,
      20_000,
      `${reference} in the KYC queue`,
    );

  test('support finds the onboarding in the KYC queue, sees the person masked, approves it, and the page shows it complete without a reload', async () => {
    const { request, userId } = await waitingForKyc();
    await visible(request.reference);
    const page = await signedIn('support');

    const cookie = (await page.context().cookies()).find((c) => c.name === 'console_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console', secure: false });
    expect(cookie?.value).not.toContain(api.keys.support);

    await page.selectOption('select[name=provider]', 'stokn');
    await page.click('form.filters button');
    await page.click(`a:text-is("${request.reference}")`);
    await page.waitForURL(`**/console/onboardings/${request.reference}`);
    const person = await page.textContent('dl.person');
    expect(person).toContain(maskEmail(request.person.email));
    expect(person).toContain(maskPhone(request.person.phone));
    expect(await page.content()).not.toContain(request.person.email);
    expect(await page.textContent('.waits')).toContain('KYC');
    await screenshot(page, 'support-onboarding');

    // The provider verifies the person; support's approval makes the onboarding ask it at once.
    await h.admin.decideKyc('stokn', userId, 'VERIFIED');
    await page.click('a.button:text-is("Approve KYC")');
    await expect(page.textContent('.question')).resolves.toContain('Approve');
    await page.fill('#reason', 'passport checked on a call');
    await screenshot(page, 'support-confirm');
    await page.click('button[name=confirm]');
    await expect(page.textContent('.notice.ok')).resolves.toContain('approval is recorded');
    await page.click('a:text("Back to onboarding")');

    // No reload from here: assets/app.js swaps the live section in as the onboarding moves.
    await page.waitForSelector('.state:text("completed")', { timeout: 30_000 });
    await expect(page.textContent('table.audit')).resolves.toContain('test-support (support)');
    await screenshot(page, 'support-completed');
    const done = await h.client.status(request.reference);
    expect(done.audit.find((a) => a.action === 'kyc-decision')).toMatchObject({
      actor: { id: 'test-support', role: 'support' },
      detail: expect.stringContaining('VERIFIED'),
    });
    expect(api.logs.some((l) => JSON.stringify(l.audit ?? {}).includes('"action":"kyc-decision"') && JSON.stringify(l.audit).includes('"via":"console"'))).toBe(
      true,
    );
  });

  test('an operator sees the same onboarding with no personal data and no action, and a posted action is 403', async () => {
    const { request } = await waitingForKyc();
    const page = await signedIn('operator');
    await page.goto(`${api.url}/console/onboardings/${request.reference}`);
    await expect(page.textContent('.hidden-person')).resolves.toContain('Not shown to your role');
    const content = await page.content();
    expect(content).not.toContain(request.person.email);
    expect(content).not.toContain(maskEmail(request.person.email));
    expect(content).not.toContain(maskPhone(request.person.phone));
    expect(await page.locator('nav.actions').count()).toBe(0);
    await screenshot(page, 'operator-onboarding');

    // Even with its own session's token, the operator's role may not decide KYC.
    const csrf = await page.inputValue('input[name=csrf]');
    const posted = await page
      .context()
      .request.post(`${api.url}/console/onboardings/${request.reference}/actions/approve-kyc`, { form: { csrf, reason: 'no' } });
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toContain('The role &quot;operator&quot; may not approve kyc.');
    expect((await h.client.status(request.reference)).audit.some((a) => a.action === 'kyc-decision')).toBe(false);
  });

  test('a forged form without the session token, or from another site, is refused and changes nothing', async () => {
    const { request } = await waitingForKyc();
    const page = await signedIn('support');
    const url = `${api.url}/console/onboardings/${request.reference}/actions/cancel`;
    const forged = await page.context().request.post(url, { form: { reason: 'forged' } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('does not carry your session’s token');

    await page.goto(url);
    const csrf = await page.inputValue('input[name=csrf]');
    const crossSite = await page.context().request.post(url, { form: { csrf }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain('sent from another site');
    const status = await h.client.status(request.reference);
    expect(status.running).toBe(true);

    // The queue pages: two Stokn onboardings wait for KYC by now, one row per page here.
    await page.goto(`${api.url}/console/queues/kyc?provider=stokn&pageSize=1`);
    const first = await page.textContent('table.queue tbody');
    await page.click('a.next');
    const second = await page.textContent('table.queue tbody');
    expect(second).not.toEqual(first);
    expect(page.url()).toContain('provider=stokn');
    expect(status.audit.some((a) => a.action === 'cancel-requested')).toBe(false);
    expect(api.logs.map((l) => l.audit)).toContainEqual(
      expect.objectContaining({ action: 'cancel', reference: request.reference, status: 403, via: 'console' }),
    );
  });

  test('markup typed by a person shows as text, a backend key cannot sign in, and signing out ends the session', async () => {
    const { request } = await waitingForKyc();
    const reason = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    expect((await api.call('POST', `/v1/onboardings/${request.reference}/cancel`, { role: 'support', body: { reason } })).status).toBe(202);
    await eventually(async () => ((await h.client.status(request.reference)).running ? undefined : true), 30_000, 'the cancellation');

    const page = await signedIn('compliance');
    await page.goto(`${api.url}/console/onboardings/${request.reference}`);
    await expect(page.textContent('table.audit')).resolves.toContain(reason);
    expect(await page.locator('table.audit img, table.audit script').count()).toBe(0);
    // Compliance reads the person in full; each read is in the audit log.
    await expect(page.textContent('dl.person')).resolves.toContain(request.person.email);
    expect(api.logs.some((l) => JSON.stringify(l.audit ?? {}).includes('"action":"person-read"'))).toBe(true);

    await page.click('header button:text-is("Sign out")');
    await page.waitForURL('**/console/sign-in');
    await page.goto(`${api.url}/console/queues/support`);
    await page.waitForURL('**/console/sign-in');

    await page.fill('#key', api.keys.backend);
    await page.click('button[type=submit]');
    await expect(page.textContent('.notice.error')).resolves.toContain('The role "backend" may not use the console');
    // Pages for people are not in the API's contract.
    expect(Object.keys((await api.call('GET', '/openapi.json')).body.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
  });

  test('support answers a lost sign-up from the support queue with the ids found by hand; an alert is in the alerts queue, not the support one', async () => {
    const hourly = { kycPollInterval: '1 hour', kycDeadline: '2 hours' };
    await h.admin.fault({ provider: 'stokn', route: 'POST /v1/user/sign-up', drops: 1 });
    const lost = stoknRequest({ wait: hourly });
    await h.client.start(lost);
    const waiting = await reachStep(h, lost.reference, 'awaiting-support');
    const alerting = soveraRequest();
    await h.client.start(alerting);
    await reachStep(h, alerting.reference, 'awaiting-kyc');
    await h.admin.fault({ provider: 'sovera', route: 'GET /users/:userId', failures: 100_000, failureStatus: 401 });
    await eventually(async () => ((await h.client.status(alerting.reference)).alert ? true : undefined), 30_000, 'the alert');
    const listed = (reference: string, filter: Parameters<typeof h.client.list>[0]) =>
      eventually(
        async () => ((await h.client.list(filter, { pageSize: 100 })).onboardings.some((o) => o.reference === reference) ? true : undefined),
        20_000,
        `${reference} listed`,
      );
    await listed(lost.reference, { step: 'awaiting-support' });
    await listed(alerting.reference, { needsAction: 'support', notStep: 'awaiting-support' });

    const page = await signedIn('support');
    await page.goto(`${api.url}/console/queues/alerts`);
    await expect(page.textContent('table.queue')).resolves.toContain(alerting.reference);
    expect(await page.textContent('table.queue')).not.toContain(lost.reference);
    await page.click(`a:text-is("${alerting.reference}")`);
    await expect(page.textContent('.notice.error')).resolves.toContain('ProviderAuth');

    await page.goto(`${api.url}/console/queues/support`);
    expect(await page.textContent('table.queue')).not.toContain(alerting.reference);
    await page.click(`a:text-is("${lost.reference}")`);
    await expect(page.textContent('section.support')).resolves.toContain('found');
    const found = await resolveByHand(h.admin, lost, waiting);
    if (found.decision !== 'found') throw new Error('the user was not created at Stokn');
    await page.click('a.button:text-is("It was created: give its ids")');
    // An id mistyped is refused in a sentence naming the field, and the form keeps what was typed.
    await page.fill('#userId', found.userId!);
    await page.fill('#accountId', 'acc 1');
    await page.click('button[name=confirm]');
    await expect(page.textContent('.notice.error')).resolves.toContain('accountId must be an id of 1-128 letters');
    expect(await page.inputValue('#userId')).toBe(found.userId);
    await page.fill('#accountId', found.accountId!);
    await screenshot(page, 'support-found');
    await page.click('button[name=confirm]');
    await expect(page.textContent('.notice.ok')).resolves.toContain('goes on with the ids you gave');
    const after = await reachStep(h, lost.reference, 'verifying-contact');
    expect(after.userId).toBe(found.userId);
    expect(after.audit).toContainEqual(
      expect.objectContaining({ action: 'support-resolution', actor: { id: 'test-support', role: 'support' }, detail: 'found' }),
    );
    await h.client.cancel(alerting.reference); // its polls would keep logging the alert
  });
});
