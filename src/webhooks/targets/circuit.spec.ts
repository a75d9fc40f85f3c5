import { circuitCap, circuitView, isTransportFailure } from './circuit';

describe('circuit breaker', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const later = new Date(now.getTime() + 5_000);
  const earlier = new Date(now.getTime() - 5_000);

  it('is closed without an open-until, open before it, half-open after it', () => {
    expect(circuitView({ failures: 0, opens: 0, openUntil: null }, now)).toBe('closed');
    expect(circuitView({ failures: 5, opens: 1, openUntil: later }, now)).toBe('open');
    expect(circuitView({ failures: 5, opens: 1, openUntil: earlier }, now)).toBe('half_open');
  });

  it('lets the full in-flight limit through when closed, nothing when open, one probe when half-open', () => {
    expect(circuitCap({ failures: 2, opens: 0, openUntil: null }, 10, now)).toBe(10);
    expect(circuitCap({ failures: 5, opens: 1, openUntil: later }, 10, now)).toBe(0);
    expect(circuitCap({ failures: 5, opens: 1, openUntil: earlier }, 10, now)).toBe(1);
  });

  it('counts only attempts without an HTTP answer as transport failures', () => {
    expect(isTransportFailure(null)).toBe(true);
    expect(isTransportFailure(500)).toBe(false);
    expect(isTransportFailure(200)).toBe(false);
  });
});
