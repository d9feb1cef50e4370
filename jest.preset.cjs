// Shared Jest settings. NestJS 12 ships ES modules only, so tests run in Jest's native ESM mode
// (node --experimental-vm-modules, set for the `test` target in nx.json): SWC compiles our
// TypeScript to ES modules with decorator metadata (Nest's DI needs it).
const nxPreset = require('@nx/jest/preset').default;
const { pathsToModuleNameMapper } = require('./tools/jest/paths.cjs');

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // light-my-request (Fastify's inject) is CommonJS but requires `cookie`, which ships ES modules
  // only; Jest cannot require() ESM on Node 20, so that one package is compiled to CommonJS. So is
  // `content-disposition`, which @fastify/static (Swagger UI's assets) requires.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  transform: {
    '/node_modules/(cookie|content-disposition)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
    '^.+\\.lua$': require.resolve('./tools/jest/text-transform.cjs'),
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json', 'lua'],
  moduleNameMapper: pathsToModuleNameMapper(),
  testMatch: ['**/?(*.)+(spec|int-spec|e2e-spec).ts'],
  // Integration and e2e suites start real servers and service processes; on a 2-vCPU CI box running
  // two suites at once that takes longer than Jest's 5 s default. Timing a behaviour is done with
  // explicit assertions in the tests, never with this limit.
  testTimeout: 30_000,
  coverageReporters: ['text-summary', 'html'],
};
