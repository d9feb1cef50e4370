#!/usr/bin/env node
// `npm run --silent api-key -- <name> <scope> [scope…] [--namespaces auth,authz-*]`: prints a new
// random API key once, and the HOTPATH_API_KEYS entry (its SHA-256, scopes and namespace globs) to
// configure. Only the hash goes into config. The scopes and globs are checked with the same
// schemas as the services' config, from @hotpath/contracts (run from TypeScript source).
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
require('../dev/register.cjs');
// The entry point of @hotpath/contracts (the tsconfig path aliases apply to TypeScript files only).
const { ALL_SCOPES, isScope, namespaceGlobSchema } = require('../../libs/contracts/src/index.ts');

const USAGE = `usage: npm run --silent api-key -- <name> <scope> [scope…] [--namespaces <glob>,<glob>…]
scopes: ${ALL_SCOPES.join(', ')}
--namespaces: the cache namespaces the key may use, as names or globs (*, ?, [...]), e.g.
              --namespaces auth,authz-*   (omitted: every namespace)`;

function fail(message) {
  console.error(message);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { namespaces: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (error) {
  fail(`${error.message}\n${USAGE}`);
}
const { values, positionals } = parsed;
const [name, ...scopes] = positionals;

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!name || !/^[A-Za-z0-9._-]{1,64}$/.test(name) || scopes.length === 0) fail(USAGE);
const unknown = scopes.filter((scope) => !isScope(scope));
if (unknown.length > 0) fail(`unknown scope(s): ${unknown.join(', ')}; known: ${ALL_SCOPES.join(', ')}`);

let namespaces;
if (values.namespaces !== undefined) {
  namespaces = values.namespaces.split(',').map((glob) => glob.trim());
  for (const glob of namespaces) {
    const result = namespaceGlobSchema.safeParse(glob);
    if (!result.success) fail(`--namespaces: ${result.error.issues[0].message}`);
  }
}

const key = `hp_${randomBytes(32).toString('base64url')}`;
const sha256 = createHash('sha256').update(key).digest('hex');
console.log(`key (shown once, give it to the client): ${key}`);
console.log(`HOTPATH_API_KEYS entry: ${JSON.stringify({ name, sha256, scopes, ...(namespaces ? { namespaces } : {}) })}`);
