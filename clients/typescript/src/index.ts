import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** The request and response bodies of the spec by name, e.g. `Schemas['WebhookDto']`. */
export type Schemas = components['schemas'];

/** A typed client of every route in openapi.json: `client.POST('/api/webhooks', { body })`. */
export type HeraldClient = Client<paths>;

export interface HeraldClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** A login token or an API key, sent as `Authorization: Bearer …` on every request. */
  token?: string;
}

/**
 * A client for a Herald at `baseUrl` (e.g. http://localhost:3000), typed from openapi.json by
 * openapi-typescript; requests go through openapi-fetch. Each call answers `{ data, error, response }`.
 */
export function createHeraldClient(baseUrl: string, options: HeraldClientOptions = {}): HeraldClient {
  const { token, headers, ...rest } = options;
  return createClient<paths>({
    baseUrl,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(headers as Record<string, string>),
    },
    ...rest,
  });
}
