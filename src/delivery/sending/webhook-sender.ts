import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { assertPublicIp, guardedLookup } from '../../common/outbound-guard';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isSuccessStatus } from '../policy/retry-policy';
import { describeSendError } from './send-error';

/** At most this much of a response body is kept; the rest is read off the socket and dropped. */
export const RESPONSE_BODY_LIMIT = 4096;
/** Past this many bytes the connection is dropped rather than drained (a receiver streaming forever). */
const DRAIN_LIMIT = 256 * 1024;

export interface SendResult {
  /** The receiver answered 2xx: the one place that rule is written. */
  ok: boolean;
  statusCode: number | null;
  responseTimeMs: number;
  responseBody: string | null;
  error: string | null;
  retryAfter: string | null;
}

/**
 * POSTs one signed request. One undici Agent per application: keep-alive pools per origin, the outbound
 * guard as its DNS lookup (so the address checked is the one connected to), no redirects followed.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.agent = new Agent({
      connections: 64,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: {
        lookup: guardedLookup(config.webhooks.allowPrivateTargets),
        timeout: config.delivery.timeoutMs,
      },
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const timeoutMs = this.config.delivery.timeoutMs;
    try {
      this.checkLiteralHost(url);
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const responseBody = await readLimited(response.body);
      const retryAfter = response.headers['retry-after'];
      const ok = isSuccessStatus(response.statusCode);
      return {
        ok,
        statusCode: response.statusCode,
        responseTimeMs: elapsed(),
        responseBody,
        error: ok ? null : `receiver answered ${response.statusCode}`,
        retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null,
      };
    } catch (error) {
      return {
        ok: false,
        statusCode: null,
        responseTimeMs: elapsed(),
        responseBody: null,
        error: describeSendError(error, timeoutMs),
        retryAfter: null,
      };
    }
  }

  /** net.connect skips `lookup` for IP literals, so those are checked here. */
  private checkLiteralHost(url: string): void {
    if (this.config.webhooks.allowPrivateTargets) return;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) assertPublicIp(host);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close().catch(() => this.agent.destroy());
  }
}

/** The first 4 KiB as text; the rest is consumed (so the connection can be reused) up to a bound. */
async function readLimited(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (keptBytes < RESPONSE_BODY_LIMIT) {
      const part = chunk.subarray(0, RESPONSE_BODY_LIMIT - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
    if (total > DRAIN_LIMIT) {
      body.destroy();
      break;
    }
  }
  return truncateUtf8(Buffer.concat(kept));
}

/** Decodes without a broken character at the cut. */
function truncateUtf8(bytes: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\uFFFD$/, '');
}
