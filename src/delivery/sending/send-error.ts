import { BLOCKED_ADDRESS_CODE } from '../../common/outbound-guard';

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
}

/** A short, log-safe reason for a request that got no HTTP answer. */
export function describeSendError(error: unknown, timeoutMs: number): string {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 5) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  const blocked = chain.find((e) => e.code === BLOCKED_ADDRESS_CODE);
  if (blocked) return `blocked address: ${blocked.message}`;
  if (
    chain.some(
      (e) =>
        e.name === 'TimeoutError' ||
        e.name === 'AbortError' ||
        e.code === 'UND_ERR_CONNECT_TIMEOUT' ||
        e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
        e.code === 'UND_ERR_BODY_TIMEOUT',
    )
  ) {
    return `timeout after ${timeoutMs} ms`;
  }
  const withCode = chain.find((e) => e.code && e.code !== 'UND_ERR_SOCKET') ?? chain[chain.length - 1] ?? {};
  const text = withCode.message ?? String(error);
  return withCode.code ? `${withCode.code}: ${text}` : text;
}
