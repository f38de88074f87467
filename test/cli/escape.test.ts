import { escapeText, excerpt } from '../../src/cli/escape';

describe('text from outside is printed on one line, as it is', () => {
  test.each([
    ['a newline', 'a\nb', 'a\\u000ab'],
    ['a carriage return and a tab', 'a\r\tb', 'a\\u000d\\u0009b'],
    ['NUL and ESC (terminal control)', '\u0000\u001b[31m', '\\u0000\\u001b[31m'],
    ['DEL and the C1 range', '\u007f\u0085\u009f', '\\u007f\\u0085\\u009f'],
    ['line and paragraph separators', '\u2028\u2029', '\\u2028\\u2029'],
    ['bidirectional overrides and isolates', '\u202a\u202e\u2066\u2069', '\\u202a\\u202e\\u2066\\u2069'],
  ])('%s become \\u escapes', (_, text, expected) => {
    expect(escapeText(text)).toBe(expected);
  });

  test('printable text, including non-ASCII letters, is left alone', () => {
    expect(escapeText('bücher.wti.net: ok ~ \u00a0\u202f')).toBe('bücher.wti.net: ok ~ \u00a0\u202f');
  });
});

describe('excerpts', () => {
  test('text within the limit is whole; longer text is cut at the limit with an ellipsis', () => {
    expect(excerpt('a'.repeat(60))).toBe('a'.repeat(60));
    expect(excerpt('a'.repeat(61))).toBe(`${'a'.repeat(60)}...`);
    expect(excerpt('abcdef', 3)).toBe('abc...');
    expect(excerpt('abc', 3)).toBe('abc');
  });

  test('an excerpt is escaped after cutting, so an escape is never cut in half', () => {
    expect(excerpt('ab\ncd', 3)).toBe('ab\\u000a...');
  });
});
