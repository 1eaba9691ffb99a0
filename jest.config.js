// Unit specs live beside the code in libs/ and tools/; end-to-end specs in test/ boot real hosts
// (child processes) against the PostgreSQL and Redis of this machine.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = {
  '^@app/domain(|/.*)$': '<rootDir>/libs/domain/src$1',
  '^@app/federation(|/.*)$': '<rootDir>/libs/federation/src$1',
};
// NestJS 12 ships ES modules only. Node 20.19 loads them through require(esm) at run time, but
// Jest's module loader does not, so Jest compiles those packages to CommonJS with SWC too.
const ESM_ONLY = ['@nestjs'];
const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
};

module.exports = {
  // Global, not per project: hooks that boot several hosts need more than Jest's 5 s default.
  testTimeout: 120000,
  slowTestThreshold: 60,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    // Services and handlers against a real PostgreSQL database, without booting hosts.
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], globalSetup: '<rootDir>/test/utils/global-setup.js' },
  ],
};
