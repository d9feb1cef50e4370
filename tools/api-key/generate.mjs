#!/usr/bin/env node
// `npm run --silent api-key -- <name> <scope> [scope…]`: prints a new random API key once, and the
// HOTPATH_API_KEYS entry (its SHA-256 and scopes) to configure. Only the hash goes into config.
import { createHash, randomBytes } from 'node:crypto';

const SCOPES = ['cache:read', 'cache:write', 'cache:admin', 'perf:read', 'perf:optimize', 'perf:profile'];
const [name, ...scopes] = process.argv.slice(2);

if (!name || !/^[A-Za-z0-9._-]{1,64}$/.test(name) || scopes.length === 0) {
  console.error(`usage: npm run --silent api-key -- <name> <scope> [scope…]\nscopes: ${SCOPES.join(', ')}`);
  process.exit(2);
}
const unknown = scopes.filter((scope) => !SCOPES.includes(scope));
if (unknown.length > 0) {
  console.error(`unknown scope(s): ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
  process.exit(2);
}

const key = `hp_${randomBytes(32).toString('base64url')}`;
const sha256 = createHash('sha256').update(key).digest('hex');
console.log(`key (shown once, give it to the client): ${key}`);
console.log(`HOTPATH_API_KEYS entry: ${JSON.stringify({ name, sha256, scopes })}`);
