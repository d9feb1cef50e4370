module.exports = {
  displayName: 'pooling',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/pooling',
};
