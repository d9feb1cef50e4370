const { appWebpackConfig } = require('../../tools/webpack/app-config.cjs');

module.exports = appWebpackConfig('optimization-worker');
