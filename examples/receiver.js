#!/usr/bin/env node
/*
 * A webhook receiver for Herald that verifies both signature schemes and prints each event.
 * No dependencies beyond Node itself (receiver-standardwebhooks.js does the same with the library).
 *
 *   WEBHOOK_SECRET=whsec_... PORT=4000 node examples/receiver.js
 *
 * Register http://127.0.0.1:4000/ as a webhook (WEBHOOK_ALLOW_HTTP=true and WEBHOOK_ALLOW_PRIVATE_TARGETS=true
 * for a local try-out), then publish an event or POST /api/webhooks/{id}/test.
 */
const http = require('node:http');
const crypto = require('node:crypto');

const secret = process.env.WEBHOOK_SECRET;
const port = Number(process.env.PORT || 4000);
const TOLERANCE_SECONDS = 5 * 60;
if (!secret || !secret.startsWith('whsec_')) {
  console.error('Set WEBHOOK_SECRET to the whsec_… secret Herald returned when you created the webhook.');
  process.exit(1);
}

const safeEqual = (a, b) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Standard Webhooks: `v1,<base64 HMAC-SHA256(base64-decoded key, "id.timestamp.body")>`, space-separated. */
function verifyStandard(headers, body) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = (headers['webhook-signature'] || '').split(' ');
  if (!id || !timestamp) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false; // replayed or clock skew
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return signatures.some((s) => s.startsWith('v1,') && safeEqual(s.slice(3), expected));
}

/** The simple scheme: `sha256=<hex HMAC-SHA256(the whole secret as text, body)>`, comma-separated. */
function verifySimple(headers, body) {
  const expected = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
  return (headers['x-webhook-signature'] || '').split(',').some((s) => safeEqual(s.trim(), expected));
}

const seen = new Set(); // receivers dedupe on webhook-id: a retry or redelivery carries the same id

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8'); // verify the raw bytes, before any JSON parsing
      const standard = verifyStandard(req.headers, body);
      const simple = verifySimple(req.headers, body);
      if (!standard || !simple) {
        console.log(`rejected ${req.headers['webhook-id']}: standard=${standard} simple=${simple}`);
        res.writeHead(401).end('bad signature');
        return;
      }
      const event = JSON.parse(body);
      const duplicate = seen.has(event.id);
      seen.add(event.id);
      console.log(
        `${duplicate ? 'duplicate' : 'event'} ${event.event} ${event.id} (delivery ${req.headers['x-webhook-delivery']})`,
      );
      console.log(JSON.stringify(event.data, null, 2));
      res.writeHead(204).end();
    });
  })
  .listen(port, () => console.log(`listening on http://127.0.0.1:${port}/`));
