module.exports = {
  displayName: 'cache-service',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/cache-service',
};
