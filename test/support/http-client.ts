import { randomBytes } from 'node:crypto';
import { ADMIN } from './test-app';

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, for malformed-body tests. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Real HTTP to a running Herald, with the helpers most tests need (users, tokens). */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }
  post<T = any>(path: string, body?: unknown, token?: string) {
    return this.request<T>('POST', path, { body, token });
  }
  patch<T = any>(path: string, body?: unknown, token?: string) {
    return this.request<T>('PATCH', path, { body, token });
  }
  put<T = any>(path: string, body?: unknown, token?: string) {
    return this.request<T>('PUT', path, { body, token });
  }
  delete<T = any>(path: string, token?: string) {
    return this.request<T>('DELETE', path, { token });
  }

  async login(email: string, password: string): Promise<string> {
    const response = await this.post('/api/auth/login', { email, password });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
    return response.body.access_token;
  }

  adminToken(): Promise<string> {
    return this.login(ADMIN.email, ADMIN.password);
  }

  /** Registers a fresh user (optionally promoted by the admin) and returns its id, email and token. */
  async newUser(role: 'user' | 'publisher' | 'admin' = 'user') {
    const email = `user-${randomBytes(5).toString('hex')}@herald.test`;
    const password = 'password-123';
    const registered = await this.post('/api/auth/register', { email, password });
    if (registered.status !== 201)
      throw new Error(`register failed: ${registered.status} ${registered.text}`);
    const id: string = registered.body.user.id;
    if (role !== 'user') {
      const promoted = await this.patch(`/api/users/${id}`, { role }, await this.adminToken());
      if (promoted.status !== 200) throw new Error(`promote failed: ${promoted.status} ${promoted.text}`);
    }
    return { id, email, password, token: registered.body.access_token as string };
  }
}
