import { monotonicFactory } from 'ulid';

export type IdPrefix = 'usr' | 'key' | 'wh' | 'evt' | 'dlv' | 'att' | 'err';

// Monotonic within a process: ids made in the same millisecond still sort in creation order,
// which SSE resume relies on for events.
const ulid = monotonicFactory();

/** A new opaque id such as `wh_01JD…`: a type prefix and a ULID, so ids sort by creation time. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

/** True when `value` looks like an id of that type; lets routes answer 404 without querying for junk ids. */
export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`).test(value);
}
