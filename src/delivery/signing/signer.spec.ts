import { createHmac, randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { deliveryHeaders, REDACTED, redactHeaders } from './delivery-headers';
import { buildPayload } from './payload';
import { simpleSignature, standardSignature } from './signer';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

describe('delivery signer', () => {
  const event = {
    id: 'evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    type: 'sync.completed',
    data: { user_id: 'u1', items_synced: 3, note: 'héllo ✓' },
    createdAt: new Date('2026-03-01T12:00:00.000Z'),
  };
  const body = buildPayload(event, 'wh_01JD3Q2W0Z8X9Y7V6T5S4R3Q2Q');

  it('builds the §6 body with a fixed key order', () => {
    expect(body).toBe(
      '{"id":"evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P","event":"sync.completed","timestamp":"2026-03-01T12:00:00.000Z",' +
        '"webhook_id":"wh_01JD3Q2W0Z8X9Y7V6T5S4R3Q2Q","data":{"user_id":"u1","items_synced":3,"note":"héllo ✓"}}',
    );
  });

  it('is verified by standardwebhooks and svix, current and previous secret alike', () => {
    const [current, previous] = [secret(), secret()];
    const now = Math.floor(Date.now() / 1000);
    const headers = deliveryHeaders({
      eventId: event.id,
      eventType: event.type,
      deliveryId: 'dlv_x',
      body,
      secrets: [current, previous],
      timestamp: now,
      userAgent: 'Herald-Webhooks/test',
      customHeaders: { authorization: 'Bearer abc', 'x-team': 'blue' },
    });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const key of [current, previous]) {
      expect(new StandardWebhook(key).verify(body, headers)).toEqual(JSON.parse(body));
      expect(new SvixWebhook(key).verify(body, headers)).toEqual(JSON.parse(body));
    }
    expect(() => new StandardWebhook(secret()).verify(body, headers)).toThrow();
    expect(() => new SvixWebhook(secret()).verify(body.replace('3', '4'), headers)).toThrow();
    expect(headers).toMatchObject({
      'x-webhook-timestamp': String(now),
      'webhook-id': event.id,
      'x-team': 'blue',
    });
  });

  it('signs the simple scheme with the whole secret as UTF-8 text, one value per secret', () => {
    const [a, b] = [secret(), secret()];
    const hex = (key: string) => createHmac('sha256', key).update(Buffer.from(body, 'utf8')).digest('hex');
    expect(simpleSignature([a, b], body)).toBe(`sha256=${hex(a)},sha256=${hex(b)}`);
  });

  it('signs id.timestamp.body with the base64-decoded key', () => {
    const key = secret();
    const expected = createHmac('sha256', Buffer.from(key.slice(6), 'base64'))
      .update(`evt_1.1700000000.${body}`)
      .digest('base64');
    expect(standardSignature([key], 'evt_1', 1700000000, body)).toBe(`v1,${expected}`);
  });

  it('redacts signatures and credential-bearing headers for the attempt log', () => {
    const redacted = redactHeaders({
      'webhook-signature': 'v1,x',
      'x-webhook-signature': 'sha256=y',
      authorization: 'Bearer t',
      'x-api-key': 'k',
      'x-team': 'blue',
      'webhook-id': 'evt_1',
    });
    expect(redacted).toEqual({
      'webhook-signature': REDACTED,
      'x-webhook-signature': REDACTED,
      authorization: REDACTED,
      'x-api-key': REDACTED,
      'x-team': 'blue',
      'webhook-id': 'evt_1',
    });
  });
});
