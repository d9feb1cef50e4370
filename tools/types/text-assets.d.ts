/** Lua scripts are bundled as text (webpack `asset/source`, a Jest transform in tests). */
declare module '*.lua' {
  const source: string;
  export default source;
}
