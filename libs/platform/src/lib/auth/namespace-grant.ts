import { compileGlob, type Glob } from '@hotpath/contracts';

/**
 * The cache namespaces an API key may use: the `namespaces` globs of its `HOTPATH_API_KEYS` entry
 * (`auth`, `authz-*`). Plain names are looked up in a Set; the globs are tried one after the other
 * with the linear-time matcher of `compileGlob` (no backtracking regex, whatever the glob).
 * A key without `namespaces` has no grant at all and reaches every namespace; an empty list
 * reaches none.
 */
export class NamespaceGrant {
  private readonly names = new Set<string>();
  private readonly globs: Glob[] = [];

  /** @throws GlobSyntaxError for a malformed glob (the config check refuses those at start). */
  constructor(readonly patterns: readonly string[]) {
    for (const pattern of patterns) {
      const glob = compileGlob(pattern);
      if (glob.literal !== undefined) this.names.add(glob.literal);
      else this.globs.push(glob);
    }
  }

  allows(namespace: string): boolean {
    if (this.names.has(namespace)) return true;
    for (const glob of this.globs) if (glob.test(namespace)) return true;
    return false;
  }

  /** The globs as configured, so that logs and `JSON.stringify` show what was granted. */
  toJSON(): readonly string[] {
    return this.patterns;
  }
}
