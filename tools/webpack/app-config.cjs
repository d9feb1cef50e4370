const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

/**
 * The webpack config of every Hotpath app: one CommonJS bundle of the app and the @hotpath libs in
 * dist/apps/<app>; npm packages stay external (their production list goes to its package.json);
 * Lua scripts are bundled as text.
 */
function appWebpackConfig(app) {
  return {
    output: { path: join(__dirname, '../../dist/apps', app), clean: true },
    devtool: 'source-map',
    module: { rules: [{ test: /\.lua$/, type: 'asset/source' }] },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        outputHashing: 'none',
        optimization: false,
        sourceMap: true,
        generatePackageJson: true,
        externalDependencies: 'all',
        skipTypeChecking: true,
      }),
    ],
  };
}

module.exports = { appWebpackConfig };
