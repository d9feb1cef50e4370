module.exports = {
  displayName: 'resilience',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/resilience',
};
