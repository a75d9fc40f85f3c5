import type { Browser, Page } from 'playwright-core';
import { clipboardText, horizontalOverflow, launchBrowser, newPortalPage, signIn } from './support/browser';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

// The portal in a real browser (Debian's Chromium) against a real Herald, PostgreSQL, Redis and receiver:
// every page and flow of docs/API.md §10, by the accessible names it gives them.
// A browser flow waits on real deliveries and retries: on a loaded machine it needs more than the default.
jest.setTimeout(120_000);

describe('portal (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let receiver: Receiver;
  let adminToken: string;

  beforeAll(async () => {
    [app, browser, receiver] = await Promise.all([startTestApp(), launchBrowser(), Receiver.start()]);
    adminToken = await app.http.adminToken();
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await app?.close();
  });

  const signedInUser = async (viewport?: { width: number; height: number }) => {
    const user = await app.http.newUser();
    const { context, page } = await newPortalPage(browser, app.baseUrl, viewport);
    await signIn(page, user.email, user.password);
    return { user, context, page };
  };

  const publishFor = async (userId: string, type: string, data: Record<string, unknown>) => {
    const published = await app.http.post('/api/events', { type, data, user_id: userId }, adminToken);
    expect(published.status).toBe(202);
    return published.body.id as string;
  };

  const text = (page: Page) => page.locator('main').innerText();

  it('signs in with the keyboard, refuses a wrong password with a message and stays, and signs out', async () => {
    const user = await app.http.newUser();
    const { context, page } = await newPortalPage(browser, app.baseUrl);
    await page.goto('/portal/');
    await page.getByLabel('Email', { exact: true }).fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const refusal = await page.getByRole('alert').innerText();
    const api = await app.http.post('/api/auth/login', { email: user.email, password: 'not-the-password' });
    expect(refusal).toBe(api.body.message);
    await expect(page.getByLabel('Email', { exact: true }).isVisible()).resolves.toBe(true);

    // Keyboard only: focus the form, type, Tab, type, Enter.
    await page.getByLabel('Password', { exact: true }).fill('');
    await page.getByLabel('Email', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal/webhooks');
    expect(await page.title()).toBe('Webhooks · Herald portal');
    await page.getByRole('banner').getByText(user.email).waitFor();

    // The session survives a reload of the tab; Sign out ends it, and a reload stays signed out.
    await page.reload();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await context.close();
  });

  it('adds a webhook with every field, shows the API refusal as worded, and the secret once with a copy button', async () => {
    const { user, context, page } = await signedInUser();
    await page.getByText('No webhooks yet').waitFor();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${receiver.url}/add`);
    await page.getByLabel('Events', { exact: true }).fill('nosuch.type');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const refusal = await page.getByRole('alert').innerText();
    const api = await app.http.post(
      '/api/webhooks',
      { url: `${receiver.url}/add`, events: ['nosuch.type'] },
      user.token,
    );
    expect(api.status).toBe(422);
    expect(refusal).toBe(api.body.message);

    await page.getByLabel('Events', { exact: true }).fill('');
    await page
      .getByRole('group', { name: 'Pick event types' })
      .getByRole('button', { name: 'sync.completed' })
      .click();
    await page
      .getByRole('group', { name: 'Pick event types' })
      .getByRole('button', { name: 'gaps.updated' })
      .click();
    expect(await page.getByLabel('Events', { exact: true }).inputValue()).toBe(
      'sync.completed, gaps.updated',
    );
    await page.getByLabel('Name', { exact: true }).fill('Sync listener');
    await page.getByLabel('Description', { exact: true }).fill('Tells the team about syncs');
    await page.getByLabel('Channels', { exact: true }).fill('team-a, billing');
    await page.getByLabel('Rate limit per second', { exact: true }).fill('5');
    await page.getByLabel('Custom headers', { exact: true }).fill('X-Team: portal');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await clipboardText(page)).toBe(secret);

    const listed = await app.http.get('/api/webhooks', user.token);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({
      url: `${receiver.url}/add`,
      events: ['sync.completed', 'gaps.updated'],
      name: 'Sync listener',
      description: 'Tells the team about syncs',
      channels: ['team-a', 'billing'],
      rate_limit_per_second: 5,
      headers: { 'X-Team': 'portal' },
      active: true,
    });
    const item = page.getByRole('list', { name: 'Your webhooks' }).getByRole('listitem');
    await waitFor(async () => (await item.count()) === 1, 10_000, 'the new webhook in the list');
    const shown = await item.innerText();
    expect(shown).toContain('Sync listener');
    expect(shown).toContain(`${receiver.url}/add`);
    expect(shown).toContain('Active');
    expect(shown).toMatch(/Success rate\s*—/i);

    // Shown once: after a reload only the masked form exists anywhere on the page.
    await page.reload();
    await page.getByRole('link', { name: 'Sync listener' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await context.close();
  });

  it('opens one webhook at a bookmarkable address, saves settings, sends a test, rotates, disables and enables', async () => {
    const { user, context, page } = await signedInUser();
    const created = await app.http.post(
      '/api/webhooks',
      { url: `${receiver.url}/one`, events: ['sync.*'], name: 'Before' },
      user.token,
    );
    await page.reload();
    await page.getByRole('link', { name: 'Before' }).click();
    await page.getByRole('heading', { name: 'Before', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/portal/webhooks/${created.body.id}`);
    await page.reload();
    await page.getByRole('heading', { name: 'Before', level: 1 }).waitFor();

    await page.locator('#edit-name').fill('After');
    await page.locator('#edit-rate').fill('7');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.getByRole('heading', { name: 'After', level: 1 }).waitFor();
    const saved = await app.http.get(`/api/webhooks/${created.body.id}`, user.token);
    expect(saved.body).toMatchObject({ name: 'After', rate_limit_per_second: 7, events: ['sync.*'] });

    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    const outcome = page.getByRole('status', { name: 'Test outcome' });
    await outcome.getByText('Test delivered').waitFor();
    expect(await outcome.innerText()).toMatch(/Status code\s*200/i);
    expect(await outcome.innerText()).toMatch(/Response time\s*\d+ ms/i);
    expect(await outcome.innerText()).toContain('ok'); // the receiver's body
    const test = receiver.requests.slice(before).find((r) => r.path === '/one');
    expect(test?.headers['x-webhook-event']).toBe('webhook.test');

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(created.body.secret);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(rotated);

    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByRole('button', { name: 'Enable', exact: true }).waitFor();
    expect(await text(page)).toContain('Disabled');
    expect((await app.http.get(`/api/webhooks/${created.body.id}`, user.token)).body.active).toBe(false);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).waitFor();
    expect((await app.http.get(`/api/webhooks/${created.body.id}`, user.token)).body.active).toBe(true);
    await context.close();
  });

  it('shows deliveries newest first as they happen, filters them by status, and opens one with its attempts, payload and Redeliver', async () => {
    const { user, context, page } = await signedInUser();
    const path = `/live-${user.id}`;
    receiver.respond = (request) =>
      request.path === path && request.body.includes('"fail"')
        ? { status: 500, body: 'boom' }
        : { status: 200, body: 'ok' };
    const created = await app.http.post(
      '/api/webhooks',
      { url: `${receiver.url}${path}`, events: ['sync.completed'], name: 'Deliveries' },
      user.token,
    );
    await page.goto(`/portal/webhooks/${created.body.id}`);
    await page.getByText('No deliveries yet', { exact: false }).waitFor();
    await page.locator('.live-dot.live').first().waitFor();

    const ok = await publishFor(user.id, 'sync.completed', {
      user_id: 'u1',
      items_synced: 1,
      errors: [],
      duration_s: 1,
    });
    const rows = page.getByRole('table').getByRole('row');
    await waitFor(async () => (await rows.count()) === 2, 15_000, 'the delivery to appear without a reload');
    expect(await rows.nth(1).innerText()).toMatch(/sync\.completed\s+success\s+200\s+1/);

    const failing = await publishFor(user.id, 'sync.completed', {
      user_id: 'fail',
      items_synced: 0,
      errors: ['fail'],
      duration_s: 1,
    });
    // Three attempts (DELIVERY_RETRY_SCHEDULE=0,1,2), then failed; the newest is on top.
    await waitFor(
      async () => /failed/.test(await rows.nth(1).innerText()),
      30_000,
      'the failed delivery, on top',
    );
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(1).innerText()).toMatch(/sync\.completed\s+failed\s+500\s+3/);
    expect(await rows.nth(2).innerText()).toContain('success');

    await page.getByLabel('Status', { exact: true }).selectOption('success');
    await waitFor(
      async () => (await rows.count()) === 2 && /success/.test(await rows.nth(1).innerText()),
      10_000,
      'success only',
    );
    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    await waitFor(
      async () => (await rows.count()) === 2 && /failed/.test(await rows.nth(1).innerText()),
      10_000,
      'failed only',
    );

    await rows.nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: 'Attempts' }).waitFor();
    const [failedDelivery] = (
      await app.http.get(`/api/webhooks/${created.body.id}/deliveries?status=failed`, user.token)
    ).body.data;
    expect(new URL(page.url()).pathname).toBe(
      `/portal/webhooks/${created.body.id}/deliveries/${failedDelivery.id}`,
    );
    expect(failedDelivery.event_id).toBe(failing);
    const attempts = page
      .getByRole('list')
      .filter({ has: page.getByRole('heading', { name: /^Attempt \d$/ }) });
    await waitFor(async () => (await attempts.getByRole('listitem').count()) === 3, 10_000, 'three attempts');
    const third = await attempts.getByRole('listitem').first().innerText();
    expect(third).toMatch(/Attempt 3[\s\S]*Status code\s*500[\s\S]*Response time\s*\d+ ms/i);
    expect(third).toContain('boom');
    expect(third.toLowerCase()).toContain(`x-webhook-delivery: ${failedDelivery.id}`.toLowerCase());
    const payload = await page.getByRole('region', { name: 'Payload' }).innerText();
    expect(payload).toContain(`"id": "${failing}"`);
    expect(payload).toContain('"user_id": "fail"');

    receiver.respond = () => ({ status: 200, body: 'ok' });
    const before = receiver.byEvent(failing).length;
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await page
      .getByRole('status')
      .getByText(/Redelivery queued as attempt 4/)
      .waitFor();
    await waitFor(() => receiver.byEvent(failing).length > before, 15_000, 'the redelivery at the receiver');
    await waitFor(
      async () => (await attempts.getByRole('listitem').count()) === 4,
      15_000,
      'the fourth attempt shown',
    );
    expect(await attempts.getByRole('listitem').first().innerText()).toMatch(
      /Attempt 4[\s\S]*Status code\s*200/i,
    );
    expect(ok).toBeTruthy();
    await context.close();
  });

  it('recovers every failed delivery since a chosen time, shows the stats and deletes after a confirmation', async () => {
    const { user, context, page } = await signedInUser();
    const path = `/recover-${user.id}`;
    let failing = true;
    receiver.respond = (request) =>
      request.path === path && failing ? { status: 503, body: 'down' } : { status: 200, body: 'ok' };
    const created = await app.http.post(
      '/api/webhooks',
      { url: `${receiver.url}${path}`, events: ['gaps.updated'] },
      user.token,
    );
    const eventId = await publishFor(user.id, 'gaps.updated', {
      user_id: 'u',
      entity_type: 'order',
      entity_id: '1',
    });
    await waitFor(
      async () => {
        const [row] = (await app.http.get(`/api/webhooks/${created.body.id}/deliveries`, user.token)).body
          .data;
        return row?.status === 'failed';
      },
      30_000,
      'the delivery to fail',
    );
    failing = false;

    await page.goto(`/portal/webhooks/${created.body.id}`);
    const stats = page.getByRole('region', { name: 'Stats' });
    await waitFor(
      async () => /Deliveries\s*1[\s\S]*Failed\s*1/i.test(await stats.innerText()),
      10_000,
      'stats',
    );

    const before = receiver.byEvent(eventId).length;
    const since = new Date(Date.now() - 3600_000);
    const local = new Date(since.getTime() - since.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Since', { exact: true }).fill(local);
    await page.getByRole('button', { name: 'Recover', exact: true }).click();
    await page.getByRole('status').getByText('1 failed delivery sent again.').waitFor();
    await waitFor(() => receiver.byEvent(eventId).length > before, 15_000, 'the recovered delivery');
    await waitFor(async () => /Succeeded\s*1/i.test(await stats.innerText()), 15_000, 'stats after recovery');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.keyboard.press('Escape'); // a modal dialog: the keyboard closes it too
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.http.get(`/api/webhooks/${created.body.id}`, user.token)).status).toBe(200);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal/webhooks');
    expect((await app.http.get(`/api/webhooks/${created.body.id}`, user.token)).status).toBe(404);
    await context.close();
  });

  it('lists the event types with their descriptions and schemas', async () => {
    const { context, page } = await signedInUser();
    await page.getByRole('link', { name: 'Event types' }).click();
    await page.getByRole('heading', { name: 'Event types', level: 1 }).waitFor();
    const catalog = (await app.http.get('/api/events/types', adminToken)).body as {
      type: string;
      description: string;
    }[];
    const cards = page.getByRole('listitem');
    await waitFor(async () => (await cards.count()) === catalog.length, 10_000, 'every catalog type');
    const sync = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'sync.completed' }) });
    const shown = await sync.innerText();
    expect(shown).toContain(catalog.find((t) => t.type === 'sync.completed')!.description);
    expect(shown).toMatch(/items_synced\s+integer\s+yes/);
    await sync.getByText('JSON Schema').click();
    expect(await sync.innerText()).toContain('"items_synced"');
    expect(new URL(page.url()).pathname).toBe('/portal/event-types');
    await context.close();
  });

  it('shows live events newest first with a type filter', async () => {
    const { user, context, page } = await signedInUser();
    await page.getByRole('link', { name: 'Live' }).click();
    await page.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
    await page.locator('.live-dot.live').waitFor();
    const first = await publishFor(user.id, 'sync.completed', {
      user_id: 'live',
      items_synced: 2,
      errors: [],
      duration_s: 1,
    });
    const second = await publishFor(user.id, 'gaps.updated', {
      user_id: 'live',
      entity_type: 'order',
      entity_id: '9',
    });
    const feed = page.getByRole('list', { name: 'Events' }).getByRole('listitem');
    await waitFor(async () => (await feed.count()) === 2, 15_000, 'both events live');
    expect(await feed.nth(0).innerText()).toContain(second);
    expect(await feed.nth(1).innerText()).toContain(first);
    expect(await feed.nth(1).innerText()).toContain('"items_synced": 2');

    await page.getByLabel('Type', { exact: true }).selectOption('sync.*');
    await waitFor(async () => (await feed.count()) === 1, 5_000, 'the filter');
    expect(await feed.nth(0).innerText()).toContain(first);
    await page.getByLabel('Type', { exact: true }).selectOption('gaps.updated');
    await waitFor(async () => (await feed.nth(0).innerText()).includes(second), 5_000, 'the other type');
    await context.close();
  });

  it('is readable at phone width (nothing wider than the screen) and shows Not found for an unknown address', async () => {
    const { user, context, page } = await signedInUser({ width: 390, height: 844 });
    await app.http.post(
      '/api/webhooks',
      {
        url: `${receiver.url}/a-rather-long-path/that/goes/on/and/on/${user.id}`,
        events: ['*'],
        name: 'Phone',
      },
      user.token,
    );
    for (const path of ['/portal/webhooks', '/portal/event-types', '/portal/live']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const overflow = await horizontalOverflow(page);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('link', { name: 'Phone' }).click();
    await page.getByRole('button', { name: 'Send test' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    await page.goto('/portal/no/such/page');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.goto('/portal/webhooks/wh_01NOSUCHWEBHOOK0000000000');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await context.close();
  });
});
