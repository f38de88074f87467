/**
 * Makes text from the network or the command line safe to print on one terminal line: control
 * characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides become \xNN /
 * \uNNNN escapes, so a hostile server cannot rewrite the report or the terminal.
 */
export function escapeText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** At most `max` characters of `text`, escaped, with an ellipsis when cut. */
export function excerpt(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return escapeText(cut);
}
