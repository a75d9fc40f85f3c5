#!/usr/bin/env node
/*
 * The same receiver as receiver.js, verifying with the `standardwebhooks` library (npm i standardwebhooks)
 * instead of by hand: Herald's `webhook-*` headers follow the Standard Webhooks spec, so the library (or
 * svix's) verifies them as they are, timestamp tolerance included.
 *
 *   WEBHOOK_SECRET=whsec_... PORT=4000 node examples/receiver-standardwebhooks.js
 */
const http = require('node:http');
const { Webhook } = require('standardwebhooks');

const secret = process.env.WEBHOOK_SECRET;
const port = Number(process.env.PORT || 4000);
if (!secret || !secret.startsWith('whsec_')) {
  console.error(
    'Set WEBHOOK_SECRET to the whsec_… secret of the webhook (or the one `npx herald listen` printed).',
  );
  process.exit(1);
}
const webhook = new Webhook(secret);
const seen = new Set(); // receivers dedupe on webhook-id: a retry or redelivery carries the same id

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8'); // the raw bytes, before any JSON parsing
      let event;
      try {
        event = webhook.verify(body, req.headers); // throws on a bad signature or a stale timestamp
      } catch (error) {
        console.log(`rejected ${req.headers['webhook-id']}: ${error.message}`);
        res.writeHead(401).end('bad signature');
        return;
      }
      const duplicate = seen.has(event.id);
      seen.add(event.id);
      console.log(
        `${duplicate ? 'duplicate' : 'event'} ${event.event} ${event.id} ${JSON.stringify(event.data)}`,
      );
      res.writeHead(204).end();
    });
  })
  .listen(port, () => console.log(`listening on http://127.0.0.1:${port}/`));
