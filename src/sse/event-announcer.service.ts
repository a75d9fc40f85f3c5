import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { PublishedEvent } from '../bus/published-event';
import { OnEvent } from '@nestjs/event-emitter';
import {
  CREDENTIAL_REVOKED_SIGNAL,
  CredentialRevokedSignal,
  IDENTITY_CHANGED_SIGNAL,
  IdentityChangedSignal,
} from '../bus/bus-names';
import { OnHeraldEvent } from '../bus/on-herald-event.decorator';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { randomUUID } from 'node:crypto';
import { AnnouncedRevocation, revocationChannel, Revocation, sseChannel } from './sse-channel';

/**
 * After every commit, PUBLISHes the event id on the SSE channel so that the streams of every API instance
 * read it, and the streams to end when a credential is revoked or a user deleted or changed. Every role runs
 * it: a delivery worker publishes events too (`webhook.disabled`) but holds no stream.
 */
@Injectable()
export class EventAnnouncer {
  private readonly logger = new Logger(EventAnnouncer.name);
  private readonly channel: string;
  private readonly revocations: string;
  /** This application among the announcers (several may share a process: tests, a host application). */
  readonly origin = randomUUID();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: RedisKeys,
  ) {
    this.channel = sseChannel(keys);
    this.revocations = revocationChannel(keys);
  }

  @OnHeraldEvent('*')
  async announce(event: PublishedEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, event.id);
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Could not announce an event to the other instances; their tails poll',
      );
    }
  }

  @OnEvent(CREDENTIAL_REVOKED_SIGNAL)
  async credentialRevoked({ userId, credential }: CredentialRevokedSignal): Promise<void> {
    await this.announceRevocation({ userId, credential });
  }

  @OnEvent(IDENTITY_CHANGED_SIGNAL)
  async identityChanged({ userId }: IdentityChangedSignal): Promise<void> {
    await this.announceRevocation({ userId, credential: null });
  }

  private async announceRevocation(revocation: Revocation): Promise<void> {
    try {
      const announced: AnnouncedRevocation = { ...revocation, origin: this.origin };
      await this.redis.publish(this.revocations, JSON.stringify(announced));
    } catch (error) {
      // Streams on other instances then run until their credential expires (docs/SSE.md).
      this.logger.warn(
        { err: error, userId: revocation.userId },
        'Could not announce a revocation to the other instances',
      );
    }
  }
}
