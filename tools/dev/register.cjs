// Runs the TypeScript sources directly (`node -r ./tools/dev/register.cjs apps/<app>/src/main.ts`):
// SWC with the tsconfig.base.json path aliases, and Lua scripts loaded as text as webpack bundles them.
const fs = require('node:fs');
const path = require('node:path');

require.extensions['.lua'] = (module, filename) => {
  module.exports = fs.readFileSync(filename, 'utf8');
};
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '../../tsconfig.base.json');
require('@swc-node/register');
