import { Injectable } from '@nestjs/common';
import type { EventStream } from './event-stream';
import type { StreamEvent } from './stream-event';

/**
 * The streams open on this instance, indexed so that an owned event touches only its owner's streams and
 * the admins'; only platform-wide events visit every stream.
 */
@Injectable()
export class StreamRegistry {
  private readonly all = new Set<EventStream>();
  private readonly admins = new Set<EventStream>();
  private readonly byUser = new Map<string, Set<EventStream>>();

  get size(): number {
    return this.all.size;
  }

  add(stream: EventStream): void {
    this.all.add(stream);
    if (stream.viewer.isAdmin) {
      this.admins.add(stream);
      return;
    }
    let own = this.byUser.get(stream.viewer.userId);
    if (!own) this.byUser.set(stream.viewer.userId, (own = new Set()));
    own.add(stream);
  }

  remove(stream: EventStream): void {
    this.all.delete(stream);
    this.admins.delete(stream);
    const own = this.byUser.get(stream.viewer.userId);
    if (own?.delete(stream) && own.size === 0) this.byUser.delete(stream.viewer.userId);
  }

  dispatch(event: StreamEvent): void {
    // No copies of the sets: a delivery may close (so delete) a slow stream mid-loop, which Set iteration
    // allows; nothing is added during a dispatch.
    if (event.userId === null) {
      for (const stream of this.all) stream.deliver(event);
      return;
    }
    for (const stream of this.byUser.get(event.userId) ?? []) stream.deliver(event);
    for (const stream of this.admins) stream.deliver(event);
  }

  /** Every open stream; iterate without holding on to it (a stream may close meanwhile, which Set iteration allows). */
  streams(): Iterable<EventStream> {
    return this.all.values();
  }

  /** The open streams of one user (as a viewer or as an admin), copied: the caller may close them. */
  streamsOf(userId: string): EventStream[] {
    const own = [...(this.byUser.get(userId) ?? [])];
    for (const stream of this.admins) if (stream.viewer.userId === userId) own.push(stream);
    return own;
  }

  /** How many users have an index entry; lets tests see that nothing is left behind. */
  get indexedUsers(): number {
    return this.byUser.size;
  }
}
