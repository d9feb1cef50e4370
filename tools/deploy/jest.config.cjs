module.exports = {
  displayName: 'deploy',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/tools/deploy',
};
