import type { Browser } from 'playwright-core';
import { launchBrowser, newPortalPage, signIn } from './support/browser';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

// Docs/API.md §10 and issue 11 item 4: through no page does a user see another user's webhook, delivery or
// event; another user's addresses show "Not found"; whole secrets only on create and rotate.
// A browser flow waits on real deliveries and retries: on a loaded machine it needs more than the default.
jest.setTimeout(120_000);

describe('portal isolation (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let receiver: Receiver;

  beforeAll(async () => {
    [app, browser, receiver] = await Promise.all([startTestApp(), launchBrowser(), Receiver.start()]);
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await app?.close();
  });

  it("shows Not found at another user's webhook and delivery addresses, and only the user's own events live", async () => {
    const adminToken = await app.http.adminToken();
    const [alice, bob] = await Promise.all([app.http.newUser(), app.http.newUser()]);
    const hook = await app.http.post(
      '/api/webhooks',
      { url: `${receiver.url}/alice`, events: ['*'], name: 'Alice private hook' },
      alice.token,
    );
    const publish = (userId: string, entityId: string) =>
      app.http.post(
        '/api/events',
        {
          type: 'gaps.updated',
          data: { user_id: userId, entity_type: 'doc', entity_id: entityId },
          user_id: userId,
        },
        adminToken,
      );
    await publish(alice.id, 'alice-1');
    const [delivery] = await waitFor(
      async () => {
        const rows = (await app.http.get(`/api/webhooks/${hook.body.id}/deliveries`, alice.token)).body.data;
        return rows.length ? rows : null;
      },
      15_000,
      "alice's delivery",
    );

    const { context, page } = await newPortalPage(browser, app.baseUrl);
    await signIn(page, bob.email, bob.password);
    await page.getByText('No webhooks yet').waitFor();
    expect(await page.content()).not.toContain('Alice private hook');

    for (const path of [
      `/portal/webhooks/${hook.body.id}`,
      `/portal/webhooks/${hook.body.id}/deliveries/${delivery.id}`,
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      const content = await page.content();
      expect(content).not.toContain('Alice private hook');
      expect(content).not.toContain(`${receiver.url}/alice`);
    }

    await page.getByRole('link', { name: 'Live' }).click();
    await page.locator('.live-dot.live').waitFor();
    await publish(alice.id, 'alice-2');
    await publish(bob.id, 'bob-1');
    const feed = page.getByRole('list', { name: 'Events' }).getByRole('listitem');
    await waitFor(async () => (await feed.count()) >= 1, 15_000, "bob's event");
    await page.waitForTimeout(500); // anything of alice's would have arrived with it
    const shown = await feed.allInnerTexts();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('bob-1');
    expect(await page.content()).not.toContain('alice-2');
    await context.close();
  });

  it('never shows a whole secret outside create and rotate: lists and pages hold the masked form only', async () => {
    const user = await app.http.newUser();
    const created = await app.http.post(
      '/api/webhooks',
      { url: `${receiver.url}/masked`, events: ['*'], name: 'Masked' },
      user.token,
    );
    const secret: string = created.body.secret;
    const { context, page } = await newPortalPage(browser, app.baseUrl);
    const answers: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/webhooks'))
        void response.text().then(
          (body) => answers.push(body),
          () => undefined,
        );
    });
    await signIn(page, user.email, user.password);
    await page.getByRole('link', { name: 'Masked', exact: true }).click();
    await page.getByRole('button', { name: 'Send test' }).waitFor();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.join('\n')).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
    await context.close();
  });
});
