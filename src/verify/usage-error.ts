import { escapeText } from '../cli/escape';

/** A command-line mistake: one line, exit code 2. Input it quotes is escaped for the terminal. */
export class UsageError extends Error {
  constructor(message: string) {
    super(escapeText(message));
    this.name = 'UsageError';
  }
}
