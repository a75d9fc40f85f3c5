import { logFormat } from './log-format';

describe('logFormat', () => {
  it('is pretty for a terminal in development and JSON elsewhere, unless LOG_FORMAT says otherwise', () => {
    expect(logFormat({ env: 'development' }, true)).toBe('pretty');
    expect(logFormat({ env: 'development' }, false)).toBe('json');
    expect(logFormat({ env: 'production' }, true)).toBe('json');
    expect(logFormat({ env: 'production', logFormat: 'pretty' }, false)).toBe('pretty');
    expect(logFormat({ env: 'development', logFormat: 'json' }, true)).toBe('json');
  });
});
