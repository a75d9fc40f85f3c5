import { currentToken, endSession } from '../session';

/** A refusal from Herald, with the message as the API worded it (the error body of docs/API.md §1). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls Herald's public API on this origin with the session's bearer token. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Herald cannot be reached; check your connection and try again');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      payload && typeof payload === 'object' && 'message' in payload && typeof payload.message === 'string'
        ? payload.message
        : `Herald answered ${response.status}`;
    // A credential that stopped working (expired, signed out elsewhere): back to Sign in.
    if (response.status === 401 && token) endSession(message);
    throw new ApiError(response.status, message);
  }
  return payload as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = (path: string) => api<void>('DELETE', path);

/** The error text to show for anything a call threw. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
