import { SseMessage, SseParser } from './sse-parser';

function parse(chunks: string[]) {
  const messages: SseMessage[] = [];
  const ids: string[] = [];
  const retries: number[] = [];
  const parser = new SseParser({
    onMessage: (message) => messages.push(message),
    onId: (id) => ids.push(id),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return { messages, ids, retries };
}

describe('SseParser', () => {
  const stream =
    'id: pos_2751\nretry: 3000\n\n: keep-alive\n\nevent: sync.completed\nid: evt_1\ndata: {"a":1}\n\n' +
    'event: stream.reset\nid: pos_9\ndata: {"reason":"history_expired"}\n\n';

  it('reads Herald stream: the opening position, the retry, events and a reset', () => {
    expect(parse([stream])).toEqual({
      ids: ['pos_2751', 'evt_1', 'pos_9'],
      retries: [3000],
      messages: [
        { id: 'evt_1', lastEventId: 'evt_1', type: 'sync.completed', data: '{"a":1}' },
        { id: 'pos_9', lastEventId: 'pos_9', type: 'stream.reset', data: '{"reason":"history_expired"}' },
      ],
    });
  });

  it('gives the same result whatever the chunks, CRLF and CR line ends included', () => {
    const whole = parse([stream]);
    const bytewise = parse(stream.split(''));
    expect(bytewise).toEqual(whole);
    expect(parse([stream.replace(/\n/g, '\r\n')])).toEqual(whole);
    const crlfSplit = stream.replace(/\n/g, '\r\n').split(/(?<=\r)/);
    expect(parse(crlfSplit)).toEqual(whole);
    // A lone CR at the end may still become a CRLF: the line after it settles it.
    expect(parse([stream.replace(/\n/g, '\r') + ':\r'])).toEqual(whole);
  });

  it('joins data lines, keeps an event without id on the last id, and waits for the blank line', () => {
    const { messages } = parse(['id: evt_1\ndata: one\n\ndata: a\ndata:b\n\n', 'data: unfinished\n']);
    expect(messages).toEqual([
      { id: 'evt_1', lastEventId: 'evt_1', type: 'message', data: 'one' },
      { lastEventId: 'evt_1', type: 'message', data: 'a\nb' },
    ]);
  });
});
