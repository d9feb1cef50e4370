module.exports = {
  displayName: 'optimization-worker',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/optimization-worker',
};
