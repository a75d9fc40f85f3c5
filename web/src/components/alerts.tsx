import type { ComponentChildren } from 'preact';

/** A refusal or failure, worded as the API worded it; announced by screen readers. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="alert error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

/** A result that was asked for (saved, queued, sent): announced politely. */
export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="alert success" role="status">
      {children}
    </p>
  );
}

export function Loading() {
  return (
    <p class="muted" aria-live="polite">
      Loading…
    </p>
  );
}
