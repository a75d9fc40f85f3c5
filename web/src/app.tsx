import { useEffect } from 'preact/hooks';
import { Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { Layout } from './components/layout';
import { DeliveryPage } from './pages/delivery';
import { EventTypesPage } from './pages/event-types';
import { LivePage } from './pages/live';
import { NotFound } from './pages/not-found';
import { SignInPage } from './pages/sign-in';
import { WebhookPage } from './pages/webhook/webhook-page';
import { WebhooksPage } from './pages/webhooks';
import { useSession } from './session';

// Tab titles, so that history, bookmarks and screen readers tell the pages apart (most specific first).
const TITLES: [RegExp, string][] = [
  [/^\/webhooks\/[^/]+\/deliveries\//, 'Delivery'],
  [/^\/webhooks\/[^/]+/, 'Webhook'],
  [/^\/webhooks/, 'Webhooks'],
  [/^\/event-types/, 'Event types'],
  [/^\/live/, 'Live'],
];

/** Every page has its own address below /portal, so that it can be bookmarked and reloaded. */
function Pages() {
  const [location] = useLocation();
  // A new page: move the keyboard and screen-reader focus to its content, as a full page load would.
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
    document.title = `${TITLES.find(([pattern]) => pattern.test(location))?.[1] ?? 'Herald'} · Herald portal`;
  }, [location]);
  return (
    <Layout>
      <Switch>
        <Route path="/">
          <Redirect to="/webhooks" replace />
        </Route>
        <Route path="/webhooks" component={WebhooksPage} />
        <Route path="/webhooks/:id" component={WebhookPage} />
        <Route path="/webhooks/:id/deliveries/:deliveryId" component={DeliveryPage} />
        <Route path="/event-types" component={EventTypesPage} />
        <Route path="/live" component={LivePage} />
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Layout>
  );
}

export function App() {
  const session = useSession();
  return <Router base="/portal">{session ? <Pages /> : <SignInPage />}</Router>;
}
