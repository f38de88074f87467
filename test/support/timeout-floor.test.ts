// test/support/jest/timeout-floor.js: a per-test or per-hook timeout cannot undercut the hang guard.
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a timeout shorter than the hang guard', () => {
  beforeAll(() => pause(50), 1);

  test('of a test is lengthened to it', () => pause(50), 1);

  test.each([['a table row']])('of %s is lengthened to it', () => pause(50), 1);
});
