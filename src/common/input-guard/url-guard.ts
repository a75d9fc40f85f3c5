/** PostgreSQL cannot store NUL in text: a `%00` anywhere in the URL (path or query) is refused at the door. */
export const NUL_IN_URL = 'The URL contains a NUL character (%00), which Herald does not accept';

export const urlHasNul = (url: string) => url.includes('%00');
