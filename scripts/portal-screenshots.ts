// `npm run docs:screenshots`: starts a throwaway Herald (its own database and Redis prefix, like the tests),
// fills it with a realistic user, webhooks and deliveries, and photographs the portal's main pages into
// docs/portal/*.png with Debian's Chromium. Needs PostgreSQL and Redis, as the tests do.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensurePortalBuilt, launchBrowser, newPortalPage, signIn } from '../test/support/browser';
import { Receiver } from '../test/support/receiver';
import { startTestApp } from '../test/support/test-app';
import { waitFor } from '../test/support/wait-for';

const OUT = join(__dirname, '..', 'docs', 'portal');

async function main(): Promise<void> {
  ensurePortalBuilt();
  const [app, browser, receiver] = await Promise.all([startTestApp(), launchBrowser(), Receiver.start()]);
  try {
    receiver.respond = (request) =>
      request.body.includes('"errors":["timeout"]')
        ? { status: 503, body: 'upstream unavailable' }
        : { status: 200, body: '{"received":true}' };
    const admin = await app.http.adminToken();
    const credentials = { email: 'ada@example.com', password: 'portal-demo-password' };
    const registered = await app.http.post('/api/auth/register', credentials);
    const user = {
      ...credentials,
      id: registered.body.user.id as string,
      token: registered.body.access_token as string,
    };
    const hook = async (body: Record<string, unknown>) =>
      (await app.http.post('/api/webhooks', body, user.token)).body;
    const sync = await hook({
      url: `${receiver.url}/hooks/sync`,
      events: ['sync.*'],
      name: 'Sync notifier',
      description: 'Posts sync results to the ops channel',
    });
    await hook({
      url: `${receiver.url}/hooks/gaps`,
      events: ['gaps.updated', 'extraction.*'],
      name: 'Gap tracker',
      rate_limit_per_second: 20,
    });
    const paused = await hook({ url: `${receiver.url}/hooks/legacy`, events: ['*'], name: 'Legacy archive' });
    await app.http.patch(`/api/webhooks/${paused.id}`, { active: false }, user.token);
    const publish = (type: string, data: Record<string, unknown>) =>
      app.http.post('/api/events', { type, data, user_id: user.id }, admin);
    for (let i = 0; i < 5; i++) {
      await publish('sync.completed', {
        user_id: user.id,
        items_synced: 120 + i * 7,
        errors: i === 3 ? ['timeout'] : [],
        duration_s: 10.5 + i,
      });
      await publish('gaps.updated', {
        user_id: user.id,
        entity_type: 'invoice',
        entity_id: `inv_${1040 + i}`,
      });
    }
    await waitFor(
      async () => {
        const rows = (await app.http.get(`/api/webhooks/${sync.id}/deliveries?status=pending`, user.token))
          .body.data;
        return rows.length === 0;
      },
      30_000,
      'deliveries to settle',
    );

    const desktop = await newPortalPage(browser, app.baseUrl, { width: 1280, height: 860 });
    const shot = async (page: Page, name: string, fullPage = false) => {
      await page.waitForTimeout(400); // fonts and the last refresh
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
    };
    await desktop.page.goto('/portal/');
    await shot(desktop.page, 'sign-in');
    await signIn(desktop.page, user.email, user.password);
    await desktop.page.getByRole('link', { name: 'Legacy archive' }).waitFor();
    await shot(desktop.page, 'webhooks');

    await desktop.page.goto(`/portal/webhooks/${sync.id}`);
    await desktop.page.getByRole('button', { name: 'Send test' }).click();
    await desktop.page.getByRole('status', { name: 'Test outcome' }).waitFor();
    await desktop.page.getByRole('table').getByRole('row').nth(5).waitFor();
    await shot(desktop.page, 'webhook', true);

    const [failed] = (await app.http.get(`/api/webhooks/${sync.id}/deliveries?status=failed`, user.token))
      .body.data;
    await desktop.page.goto(`/portal/webhooks/${sync.id}/deliveries/${failed.id}`);
    await desktop.page.getByRole('heading', { name: 'Attempt 3' }).waitFor();
    await shot(desktop.page, 'delivery', true);

    await desktop.page.goto('/portal/event-types');
    await desktop.page.getByRole('heading', { name: 'sync.completed' }).waitFor();
    await shot(desktop.page, 'event-types');

    await desktop.page.goto('/portal/live');
    await desktop.page.locator('.live-dot.live').waitFor();
    await publish('extraction.started', { version: '20260301', entity_types: ['invoice', 'customer'] });
    await publish('sync.completed', { user_id: user.id, items_synced: 150, errors: [], duration_s: 12.3 });
    await desktop.page.getByRole('list', { name: 'Events' }).getByRole('listitem').nth(1).waitFor();
    await shot(desktop.page, 'live');

    const phone = await newPortalPage(browser, app.baseUrl, { width: 390, height: 844 });
    await signIn(phone.page, user.email, user.password);
    await phone.page.goto(`/portal/webhooks/${sync.id}`);
    await phone.page.getByRole('table').waitFor();
    await shot(phone.page, 'phone');
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await browser.close();
    await receiver.close();
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
