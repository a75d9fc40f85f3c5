#!/usr/bin/env node
// An example producer: publishes the platform's events as an extractor and a collection sync would.
//   HERALD_TOKEN=<publisher or admin token or API key> [HERALD_URL=http://localhost:3000] [COUNT=20] npm run demo
// Platform-wide events (extraction.*) reach every subscriber; sync.* and gaps.updated belong to one Herald user
// (the token's owner here), so only that user's webhooks and streams get them.
'use strict';

const base = process.env.HERALD_URL ?? 'http://localhost:3000';
const token = process.env.HERALD_TOKEN;
const count = Number(process.env.COUNT ?? 20);
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);

if (!token) {
  console.error('Set HERALD_TOKEN to a publisher or admin token (see the README quickstart).');
  process.exit(2);
}

async function call(method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return JSON.parse(text);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const me = await call('GET', '/api/users/me');
  const version = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const steps = [
    () => ({ type: 'extraction.started', data: { version, entity_types: ['works', 'authors'] } }),
    () => ({
      type: 'extraction.completed',
      data: { version, record_counts: { works: 1200, authors: 310 }, duration_s: 84.2 },
    }),
    (i) => ({
      type: 'sync.completed',
      user_id: me.id,
      data: { user_id: me.id, items_synced: 100 + i, errors: [], duration_s: 3.5 },
    }),
    (i) => ({
      type: 'gaps.updated',
      user_id: me.id,
      data: { user_id: me.id, entity_type: 'work', entity_id: `w${i}` },
    }),
    () => ({
      type: 'sync.failed',
      user_id: me.id,
      data: { user_id: me.id, error_message: 'upstream timed out' },
    }),
  ];
  for (let i = 0; i < count; i++) {
    const event = steps[i % steps.length](i);
    const published = await call('POST', '/api/events', event);
    console.log(`${published.id}  ${published.type.padEnd(22)} → ${published.deliveries} webhook(s)`);
    await sleep(intervalMs);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
