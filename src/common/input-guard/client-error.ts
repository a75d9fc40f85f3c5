import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's HTTP parser errors that happen before Express sees a request, and what they mean for the client. */
const ANSWERS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are larger than Herald accepts (16 KiB in all)'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request was not received in time'],
};
const NOT_HTTP: [number, string] = [400, 'The request is not valid HTTP/1.1'];

/**
 * Node answers a request it cannot parse (headers over 16 KiB, garbage on the socket) by itself, with a
 * bare status line and no body. This `clientError` listener answers the same cases with docs/API.md's
 * error body instead, then closes the connection (its parser state is lost).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler: never write over a response already under way on this connection.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [statusCode, message] = ANSWERS[error.code ?? ''] ?? NOT_HTTP;
  const reason = STATUS_CODES[statusCode] ?? 'Error';
  const body = JSON.stringify({ statusCode, error: reason, message });
  socket.end(
    `HTTP/1.1 ${statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
