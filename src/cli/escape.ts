/**
 * Makes text from input, files or the network safe to print on one terminal line: control
 * characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides become \uNNNN
 * escapes, so hostile input can neither forge another line of a report nor drive the terminal.
 */
export function escapeText(text: string): string {
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `max` characters of `text`, escaped, with an ellipsis when cut. */
export function excerpt(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return escapeText(cut);
}
