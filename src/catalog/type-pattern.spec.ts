import { EventEmitter2 } from '@nestjs/event-emitter';
import { eventName, eventNamePattern } from '../bus/bus-names';
import {
  isEventType,
  isTypePattern,
  matchesAnyTypePattern,
  matchesTypePattern,
  subscriberPatterns,
} from './type-pattern';

describe('event type patterns', () => {
  it.each(['sync.completed', 'extraction.started', 'a.b.c', 'gaps.updated', 'webhook.test'])(
    '%s is a type',
    (t) => expect(isEventType(t)).toBe(true),
  );
  it.each([
    'sync',
    'Sync.completed',
    'a.b.c.d',
    'sync..x',
    '.sync',
    'sync.',
    'sync.*',
    '*',
    'sync completed',
  ])('%s is not a type', (t) => expect(isEventType(t)).toBe(false));
  it.each(['*', 'sync.*', 'extraction.started', 'a.b.*'])('%s is a pattern', (p) =>
    expect(isTypePattern(p)).toBe(true),
  );
  it.each(['**', 'sync', '*.completed', 'sync.*.x', 'SYNC.*', 'a.b.c.*', ''])('%s is not a pattern', (p) =>
    expect(isTypePattern(p)).toBe(false),
  );

  it('matches wildcards by prefix and exact types exactly', () => {
    expect(matchesTypePattern('*', 'sync.completed')).toBe(true);
    expect(matchesTypePattern('sync.*', 'sync.completed')).toBe(true);
    expect(matchesTypePattern('sync.*', 'syncs.completed')).toBe(false);
    expect(matchesTypePattern('a.b.*', 'a.b.c')).toBe(true);
    expect(matchesTypePattern('sync.completed', 'sync.completed')).toBe(true);
    expect(matchesTypePattern('sync.completed', 'sync.failed')).toBe(false);
    expect(matchesAnyTypePattern(['gaps.updated', 'sync.*'], 'sync.failed')).toBe(true);
    expect(matchesAnyTypePattern([], 'sync.failed')).toBe(false);
  });
});

describe('subscriberPatterns', () => {
  it('lists every pattern that matches a type', () => {
    expect(subscriberPatterns('sync.completed')).toEqual(['*', 'sync.completed', 'sync.*']);
    expect(subscriberPatterns('a.b.c')).toEqual(['*', 'a.b.c', 'a.*', 'a.b.*']);
  });
});

/**
 * Every encoding of "pattern matches type" must agree: the in-memory match (catalog checks, SSE filters),
 * the list of patterns the webhook query looks for in SQL (`events && subscriberPatterns(type)`), and the
 * event-emitter wildcard that `@OnHeraldEvent(pattern)` subscribes with (src/bus).
 */
describe('type pattern encodings agree', () => {
  const types = [
    'sync.completed',
    'sync.failed',
    'syncs.completed',
    'a.b.c',
    'a.b',
    'a.bc.d',
    'gaps.updated',
  ];
  const patterns = ['*', 'sync.*', 'sync.completed', 'a.*', 'a.b.*', 'a.b', 'a.b.c', 'gaps.*', 'syncs.*'];

  it.each(patterns)('%s', async (pattern) => {
    expect(isTypePattern(pattern)).toBe(true);
    const emitter = new EventEmitter2({ wildcard: true, delimiter: '.' });
    const heard: string[] = [];
    emitter.on(eventNamePattern(pattern), (type: string) => heard.push(type));
    for (const type of types) await emitter.emitAsync(eventName(type), type);

    const matched = types.filter((type) => matchesTypePattern(pattern, type));
    expect(types.filter((type) => subscriberPatterns(type).includes(pattern))).toEqual(matched);
    expect(heard).toEqual(matched);
  });
});
