// Maps the `@hotpath/*` path aliases of tsconfig.base.json to their sources for Jest.
const path = require('node:path');
const fs = require('node:fs');

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function pathsToModuleNameMapper() {
  const root = path.resolve(__dirname, '../..');
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    mapper[`^${escapeRegExp(alias)}$`] = path.join(root, target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
