module.exports = {
  displayName: 'analysis',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/analysis',
};
