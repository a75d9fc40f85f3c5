import type { Webhook, WebhookInput } from '../api/types';
import { useCatalog } from '../hooks/use-catalog';

/** The form's text, field by field, as typed. */
export interface WebhookDraft {
  url: string;
  events: string;
  name: string;
  description: string;
  channels: string;
  rateLimit: string;
  headers: string;
}

export const emptyDraft: WebhookDraft = {
  url: '',
  events: '',
  name: '',
  description: '',
  channels: '',
  rateLimit: '',
  headers: '',
};

export function draftOf(webhook: Webhook): WebhookDraft {
  return {
    url: webhook.url,
    events: webhook.events.join(', '),
    name: webhook.name ?? '',
    description: webhook.description ?? '',
    channels: (webhook.channels ?? []).join(', '),
    rateLimit: webhook.rate_limit_per_second?.toString() ?? '',
    headers: Object.entries(webhook.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
  };
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * What the API is sent. Only what cannot be expressed is refused here (a header line without a colon, a
 * rate that is not a number); every other rule is the API's, whose message is shown as it words it.
 */
export function inputOf(draft: WebhookDraft): WebhookInput {
  const headers: Record<string, string> = {};
  for (const line of draft.headers.split('\n')) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new Error(`Custom headers: write one per line as "Name: value" (not "${line.trim()}")`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const rate = draft.rateLimit.trim();
  if (rate && !/^\d+$/.test(rate)) throw new Error('Rate limit per second must be a whole number');
  const channels = list(draft.channels);
  return {
    url: draft.url.trim(),
    events: list(draft.events),
    name: draft.name.trim() || null,
    description: draft.description.trim() || null,
    channels: channels.length ? channels : null,
    headers: Object.keys(headers).length ? headers : null,
    rate_limit_per_second: rate ? Number(rate) : null,
  };
}

interface Props {
  draft: WebhookDraft;
  onChange: (draft: WebhookDraft) => void;
  /** Tells apart the ids of two forms on one page. */
  idPrefix: string;
}

/** The fields of a webhook, shared by Add webhook and the settings of one webhook. */
export function WebhookFields({ draft, onChange, idPrefix }: Props) {
  const catalog = useCatalog();
  const set = (field: keyof WebhookDraft) => (event: Event) =>
    onChange({ ...draft, [field]: (event.currentTarget as HTMLInputElement).value });
  const id = (field: string) => `${idPrefix}-${field}`;
  const chosen = new Set(list(draft.events));
  const pick = (type: string) => onChange({ ...draft, events: [...chosen, type].join(', ') });

  return (
    <div class="fields">
      <div class="field wide">
        <label for={id('url')}>URL</label>
        <input
          id={id('url')}
          type="url"
          required
          placeholder="https://example.com/webhooks"
          value={draft.url}
          onInput={set('url')}
        />
      </div>
      <div class="field wide">
        <label for={id('events')}>Events</label>
        <input
          id={id('events')}
          required
          placeholder="sync.completed, gaps.*"
          aria-describedby={id('events-help')}
          value={draft.events}
          onInput={set('events')}
        />
        <p id={id('events-help')} class="help">
          Comma-separated types or wildcards (<code>*</code>, <code>sync.*</code>), or pick from the catalog:
        </p>
        <div class="chips" role="group" aria-label="Pick event types">
          {['*', ...(catalog.data ?? []).map((t) => t.type)].map((type) => (
            <button
              type="button"
              key={type}
              class="chip"
              aria-pressed={chosen.has(type)}
              disabled={chosen.has(type)}
              onClick={() => pick(type)}
            >
              {type}
            </button>
          ))}
        </div>
      </div>
      <div class="field">
        <label for={id('name')}>Name</label>
        <input id={id('name')} value={draft.name} onInput={set('name')} />
      </div>
      <div class="field">
        <label for={id('channels')}>Channels</label>
        <input
          id={id('channels')}
          placeholder="team-a, billing"
          value={draft.channels}
          onInput={set('channels')}
        />
      </div>
      <div class="field wide">
        <label for={id('description')}>Description</label>
        <textarea id={id('description')} rows={2} value={draft.description} onInput={set('description')} />
      </div>
      <div class="field">
        <label for={id('rate')}>Rate limit per second</label>
        <input
          id={id('rate')}
          inputMode="numeric"
          placeholder="no limit"
          value={draft.rateLimit}
          onInput={set('rateLimit')}
        />
      </div>
      <div class="field">
        <label for={id('headers')}>Custom headers</label>
        <textarea
          id={id('headers')}
          rows={2}
          class="mono"
          placeholder="Authorization: Bearer …"
          value={draft.headers}
          onInput={set('headers')}
        />
      </div>
    </div>
  );
}
