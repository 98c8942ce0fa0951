// Two Jest projects: fast unit tests (pure logic) and integration tests that talk to the real
// PostgreSQL and NATS (`*.int.spec.ts`) or drive whole services end to end (`*.e2e.spec.ts`).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
// @fastify/static (behind the OpenAPI page, the version @nestjs/platform-fastify asks for) pulls in an
// ESM-only content-disposition that Jest's CommonJS runtime cannot load untransformed; Node loads it fine.
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const moduleNameMapper = {
  '^@citizen-desk/viber-simulator$': '<rootDir>/tools/viber-simulator/src',
  '^@citizen-desk/([a-z-]+)$': '<rootDir>/libs/$1/src',
  // Dialog's benchmark reaches the service's folders through its package imports (see tsconfig.bench.json).
  '^#dialog/([a-z-]+)$': '<rootDir>/services/dialog/src/$1',
};
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: ['/node_modules/(?!.*content-disposition/)'],
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};
module.exports = {
  // Password hashing (scrypt) and the real servers are slow on a loaded 2-core machine; no test asserts
  // on time, so a slow run must not fail for being slow.
  testTimeout: 20_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,services,tools}/**/*.spec.ts',
        '<rootDir>/deploy/**/*.spec.ts',
        // The staff app's pure logic (no DOM, no React): menu tree, diff, CSV, period comparison.
        '<rootDir>/apps/staff-web/src/**/*.spec.ts',
      ],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$', '/node_modules/', '/dist/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,tools,tests,scripts}/**/*.{int,e2e}.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration-setup.ts'],
    },
  ],
};
