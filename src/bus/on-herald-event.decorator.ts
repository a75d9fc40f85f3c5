import { OnEvent } from '@nestjs/event-emitter';
import { eventNamePattern } from './bus-names';

/**
 * Runs the decorated method for every committed event matching `pattern` (`sync.completed`, `sync.*`
 * or `*`), with a `PublishedEvent`. Handlers run after the publisher got its answer; an error in one is
 * logged and does not reach the publisher or the other handlers.
 */
export const OnHeraldEvent = (pattern: string) =>
  OnEvent(eventNamePattern(pattern), { async: true, promisify: true, suppressErrors: true });
