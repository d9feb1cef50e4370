// Loads text assets (Lua scripts) as a module whose default export is the text, as webpack's
// `asset/source` does.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
