import type { ComponentChildren } from 'preact';
import { Link, useRoute } from 'wouter-preact';
import { signOut } from '../api/auth';
import { get } from '../api/client';
import type { User } from '../api/types';
import { useLoad } from '../hooks/use-load';

function NavLink({ href, children }: { href: string; children: ComponentChildren }) {
  const [active] = useRoute(`${href}/*?`);
  return (
    <Link
      href={href}
      class={active ? 'nav-link active' : 'nav-link'}
      aria-current={active ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}

/** The frame of every signed-in page: a skip link, the navigation and Sign out. */
export function Layout({ children }: { children: ComponentChildren }) {
  const me = useLoad(() => get<User>('/users/me'), []);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/webhooks" class="brand" aria-label="Herald portal home">
          <span class="brand-mark" aria-hidden="true">
            H
          </span>
          Herald
        </Link>
        <nav aria-label="Main">
          <NavLink href="/webhooks">Webhooks</NavLink>
          <NavLink href="/event-types">Event types</NavLink>
          <NavLink href="/live">Live</NavLink>
        </nav>
        {me.data && (
          <span class="who muted" title="Signed in as">
            {me.data.email}
          </span>
        )}
        <button type="button" class="button ghost" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
