import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPgBouncerConfig } from '@hotpath/pooling';
import { parseIni } from '../src/parse-ini';
import { workspaceRoot } from '../src/workspace-root';

/** `key = value` lines of one `[section]` of an ini file. */
function section(ini: string, name: string): Map<string, string> {
  return new Map(Object.entries(parseIni(ini)[name] ?? {}));
}

const read = (path: string) => readFileSync(join(workspaceRoot(), path), 'utf8');

// What libs/pooling renders for the same database: the reference the manifests must agree with.
const rendered = renderPgBouncerConfig({
  databases: [{ name: 'hotpath', host: 'postgres', port: 5432, dbname: 'hotpath' }],
});
const renderedSettings = section(rendered, 'pgbouncer');
const connectQuery = /connect_query=('.*')/.exec(section(rendered, 'databases').get('hotpath') ?? '')?.[1];

describe('PgBouncer in k8s/ agrees with libs/pooling’s renderer', () => {
  const deployed = section(read('k8s/base/pgbouncer/pgbouncer.ini'), 'pgbouncer');
  // Paths differ by design: the Deployment mounts the auth file from a Secret.
  const settings = [...renderedSettings.keys()].filter((key) => key !== 'auth_file');

  it.each(settings)('sets %s as the renderer does', (key) => {
    expect(deployed.get(key)).toBe(renderedSettings.get(key));
  });

  it.each(['k8s/base/pgbouncer/databases.ini', 'k8s/overlays/prod/pgbouncer-databases.ini'])(
    'sets the session timeouts on the server connections of the transaction pool in %s',
    (path) => {
      expect(connectQuery).toBeDefined();
      expect(section(read(path), 'databases').get('hotpath')).toContain(`connect_query=${connectQuery}`);
    },
  );
});
