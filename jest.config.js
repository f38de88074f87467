/** Tests run through SWC (type stripping only); `npm run typecheck` does the type checking. */

// kubernetes-models, @kubernetes-models/* (and is-cidr, cidr-regex, which they import) are ESM-only:
// their package.json `exports` offer only the `import` condition, which Jest's CommonJS resolver
// ignores. So (1) moduleNameMapper points their bare specifiers straight at the files, and
// (2) transformIgnorePatterns lets SWC (the same transform as for our own code) turn those ESM files
// into CommonJS. Transforms are cached, so only the first run pays for it.
const ESM_ONLY = ['kubernetes-models', '@kubernetes-models', 'is-cidr', 'cidr-regex'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    // kubernetes-models/apps/v1/Deployment -> node_modules/kubernetes-models/apps/v1/Deployment.js
    '^(kubernetes-models|@kubernetes-models/(?:gateway-api|cert-manager|apimachinery))/(.+?)(\\.js)?$':
      '<rootDir>/node_modules/$1/$2.js',
    '^@kubernetes-models/(base|validate)$': '<rootDir>/node_modules/@kubernetes-models/$1/dist/index.js',
    '^@kubernetes-models/validate/runtime/(.+?)(\\.js)?$': '<rootDir>/node_modules/@kubernetes-models/validate/dist/runtime/$1.js',
  },
  // Two cores: one worker per core keeps memory low and avoids thrashing.
  maxWorkers: 2,
};
