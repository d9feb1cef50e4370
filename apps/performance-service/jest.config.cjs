module.exports = {
  displayName: 'performance-service',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/performance-service',
};
