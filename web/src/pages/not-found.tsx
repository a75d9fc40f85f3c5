import { Link } from 'wouter-preact';

/** An address that is not a page, or a webhook or delivery that is not the caller's (the API said 404). */
export function NotFound({ what = 'This page' }: { what?: string }) {
  return (
    <section class="empty">
      <h1>Not found</h1>
      <p class="muted">{what} does not exist, or is not yours.</p>
      <Link href="/webhooks" class="button">
        Back to webhooks
      </Link>
    </section>
  );
}
