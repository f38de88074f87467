import fc from 'fast-check';
import { DEFAULT_ENVIRONMENT, distFolder, environmentOfDistFolder, STACK_KINDS, stackId, stackOwner } from '../../src/config/environment-names';

// Every environment name the schema accepts (src/config/schema.ts ENVIRONMENT), the default included.
const environment = fc.oneof(fc.constant(DEFAULT_ENVIRONMENT), fc.stringMatching(/^[a-z]([-a-z0-9]{0,18}[a-z0-9])?$/));

describe('an environment\'s names lead back to it', () => {
  test('the default environment has the plain stack ids and dist/', () => {
    expect(STACK_KINDS.map((kind) => stackId(DEFAULT_ENVIRONMENT, kind))).toEqual(['state', 'platform', 'addons', 'dns-records']);
    expect(distFolder(DEFAULT_ENVIRONMENT)).toBe('dist');
    expect(stackOwner('dns-records')).toEqual({ environment: DEFAULT_ENVIRONMENT, kind: 'dns-records' });
    expect(stackOwner('staging-dns-records')).toEqual({ environment: 'staging', kind: 'dns-records' });
  });

  test('every stack id and dist folder names its environment (and kind), whatever the environment is called', () => {
    fc.assert(fc.property(environment, fc.constantFrom(...STACK_KINDS), (env, kind) => {
      expect(stackOwner(stackId(env, kind))).toEqual({ environment: env, kind });
      expect(environmentOfDistFolder(distFolder(env))).toBe(env);
    }));
  });

  test('names that are no environment\'s are recognized as such', () => {
    for (const id of ['network', 'staging', '']) expect(stackOwner(id)).toBeUndefined();
    for (const folder of ['dist-', 'dist-default', 'distribution', 'cdktf.out']) expect(environmentOfDistFolder(folder)).toBeUndefined();
  });
});
