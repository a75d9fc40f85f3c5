import { WebhookEntity } from '../entities/webhook.entity';
import { mapWebhook } from './webhook.mapper';

describe('mapWebhook', () => {
  const row = Object.assign(new WebhookEntity(), {
    id: 'wh_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    name: null,
    description: null,
    url: 'https://example.com/hook',
    events: ['*'],
    channels: null,
    headers: {},
    active: true,
    rateLimitPerSecond: null,
    consecutiveFailures: 0,
    successCount: 0,
    failureCount: 0,
    disabledReason: null,
    lastTriggeredAt: null,
    createdAt: new Date('2026-03-01T00:00:00Z'),
    updatedAt: new Date('2026-03-01T00:00:00Z'),
  });
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('masks the secret unless asked to reveal it', () => {
    expect(mapWebhook(row, secret).secret).toBe('whsec_…LaSw');
    expect(mapWebhook(row, secret, true).secret).toBe(secret);
  });

  it('gives success_rate as a 0..1 ratio rounded to 4 places, null before any outcome', () => {
    expect(mapWebhook(row, secret).success_rate).toBeNull();
    expect(mapWebhook({ ...row, successCount: 2, failureCount: 1 }, secret).success_rate).toBe(0.6667);
    expect(mapWebhook({ ...row, successCount: 0, failureCount: 4 }, secret).success_rate).toBe(0);
    expect(mapWebhook({ ...row, successCount: 9, failureCount: 0 }, secret).success_rate).toBe(1);
  });

  it('never exposes ciphertexts or internal counters', () => {
    const dto = mapWebhook(
      { ...row, secretCiphertext: 'v1.a.b.c', previousSecretCiphertext: 'v1.d.e.f' },
      secret,
    );
    expect(JSON.stringify(dto)).not.toMatch(/v1\.|ciphertext|success_count/);
  });
});
