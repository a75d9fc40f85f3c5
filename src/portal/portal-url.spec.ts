import { portalUrlOf } from './portal-url';

const request = (protocol: string, host: string) => ({
  protocol,
  get: ((name: string) => (name.toLowerCase() === 'host' ? host : undefined)) as never,
});

describe('portalUrlOf', () => {
  it('uses the origin the request came to when PUBLIC_URL is not set', () => {
    expect(portalUrlOf(request('http', '127.0.0.1:3000'))).toBe('http://127.0.0.1:3000/portal/');
    expect(portalUrlOf(request('https', 'herald.example.com'))).toBe('https://herald.example.com/portal/');
  });

  it('prefers PUBLIC_URL, whatever host the backend called', () => {
    expect(portalUrlOf(request('http', 'herald.internal:3000'), 'https://hooks.example.com')).toBe(
      'https://hooks.example.com/portal/',
    );
  });
});
