// Test tiers by suffix (house style rule 6): *.spec.ts unit, *.int-spec.ts integration, *.e2e-spec.ts end to end.
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@fastify/cookie|cookie|content-disposition|file-type|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|@borewit)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/bench/node_modules/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/frontend/'],
};
module.exports = {
  reporters: ['default'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/**/*.int-spec.ts'], globalSetup: '<rootDir>/scripts/jest-global-setup.cjs' },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e-spec.ts'], globalSetup: '<rootDir>/scripts/jest-global-setup.cjs' },
  ],
};
