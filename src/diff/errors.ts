/** Bad input to `npm run diff` (an unknown ref, a revision that does not synthesize...): one line, exit 2. */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}
