/**
 * Jest runs our TypeScript as native ES modules: @swc/jest strips the types
 * (the type check is `tsc --noEmit`, run before the suites), and the
 * `.js` suffixes NodeNext wants in import paths are mapped back to the sources.
 */
export default {
  // Node's, pointed at each worker's own copy of the test databases.
  testEnvironment: '<rootDir>/test/support/worker-environment.js',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
