module.exports = {
  displayName: 'telemetry',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/libs/telemetry',
};
