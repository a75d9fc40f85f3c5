import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { OnEvent } from '@nestjs/event-emitter';
import {
  CREDENTIAL_REVOKED_SIGNAL,
  CredentialRevokedSignal,
  IDENTITY_CHANGED_SIGNAL,
  IdentityChangedSignal,
} from '../bus/bus-names';
import { OnHeraldEvent } from '../bus/on-herald-event.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { createRedis, RedisKeys } from '../redis/redis.module';
import { EventAnnouncer } from './event-announcer.service';
import { AnnouncedRevocation, revocationChannel, Revocation, sseChannel } from './sse-channel';
import { EventTail } from './event-tail.service';
import { BearerAuthService } from '../auth/bearer-auth.service';
import { StreamsService } from './streams.service';

/** How often the tail reads on its own while the subscription is down, so streams keep flowing. */
const UNSUBSCRIBED_POLL_MS = 1000;

/**
 * Joins the instances: after every commit the publishing instance PUBLISHes the event id on one Redis
 * channel (EventAnnouncer), and every instance holding streams wakes its tail, which reads the event from
 * PostgreSQL in commit order. When the subscription is lost (Redis restarted, failover, a network blip),
 * wake-ups published meanwhile are gone: the tail then polls, and reads once more when the subscription is
 * back, so every open stream gets what it missed, in order, with no gap and no duplicate. A second channel
 * carries revocations (a signed-out session, a deleted key, a changed user): the matching streams here end.
 */
@Injectable()
export class SseBridge implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SseBridge.name);
  private subscriber?: Redis;
  private poll?: NodeJS.Timeout;
  private readonly channel: string;
  private readonly revocations: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    keys: RedisKeys,
    private readonly tail: EventTail,
    private readonly streams: StreamsService,
    private readonly bearer: BearerAuthService,
    private readonly announcer: EventAnnouncer,
  ) {
    this.channel = sseChannel(keys);
    this.revocations = revocationChannel(keys);
  }

  async onModuleInit(): Promise<void> {
    // A subscribed connection can do nothing else, hence one of its own; ioredis re-subscribes after a reconnect.
    const subscriber = createRedis(this.config.redis.url, 'herald-sse-sub');
    this.subscriber = subscriber;
    subscriber.on('message', this.onMessage);
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'SSE subscriber connection error'),
    );
    await subscriber.subscribe(this.channel, this.revocations);
    // On 'ready' after a reconnect, ioredis has sent its SUBSCRIBE again but not had the answer: ours
    // is answered after it, so once it resolves no wake-up can be lost; then read what was missed.
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel, this.revocations).then(
        () => this.tail.wake(),
        (error: unknown) => this.logger.warn({ err: error }, 'Could not subscribe to the SSE channel again'),
      );
    });
    this.poll = setInterval(() => {
      if (subscriber.status !== 'ready') this.tail.wake();
    }, UNSUBSCRIBED_POLL_MS);
    this.poll.unref();
  }

  /** This instance's own events wake its tail at once, without waiting for the round trip through Redis. */
  @OnHeraldEvent('*')
  wakeOnLocalEvent(): void {
    this.tail.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.poll);
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    subscriber.removeAllListeners('message');
    subscriber.removeAllListeners('ready');
    await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private readonly onMessage = (channel: string, message: string): void => {
    if (channel === this.channel) this.tail.wake();
    else if (channel === this.revocations) this.revoke(message);
  };

  /** This instance's own revocations take effect here at once, Redis or not; the notice reaches the others. */
  @OnEvent(CREDENTIAL_REVOKED_SIGNAL)
  onCredentialRevoked({ userId, credential }: CredentialRevokedSignal): void {
    this.apply({ userId, credential });
  }

  @OnEvent(IDENTITY_CHANGED_SIGNAL)
  onIdentityChanged({ userId }: IdentityChangedSignal): void {
    this.apply({ userId, credential: null });
  }

  private revoke(message: string): void {
    let revocation: unknown;
    try {
      revocation = JSON.parse(message);
    } catch {
      revocation = null;
    }
    if (!isRevocation(revocation)) {
      this.logger.warn('Ignored a malformed revocation on the SSE channel');
      return;
    }
    // This application's own announcements were applied when made (onCredentialRevoked, onIdentityChanged).
    if (revocation.origin !== this.announcer.origin) this.apply(revocation);
  }

  private apply({ userId, credential }: Revocation): void {
    this.bearer.forget(userId, credential); // before the streams: a reconnect must not find it cached
    this.streams.revoke(userId, credential);
  }
}

const isRevocation = (value: unknown): value is AnnouncedRevocation =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as AnnouncedRevocation).userId === 'string' &&
  typeof (value as AnnouncedRevocation).origin === 'string' &&
  ((value as AnnouncedRevocation).credential === null ||
    typeof (value as AnnouncedRevocation).credential === 'string');
