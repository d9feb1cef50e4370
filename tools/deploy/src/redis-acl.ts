import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from './workspace-root';

/** Where the ACL rules of each Redis live, and the Secret that holds their users' passwords. */
export const REDIS_ACLS = {
  queue: {
    rules: 'k8s/components/in-cluster-data/redis-queue-users.acl',
    secret: 'redis-queue-users',
    statefulSet: 'redis-queue',
    urlVariable: 'QUEUE_REDIS_URL',
  },
  cache: {
    rules: 'k8s/components/in-cluster-data/redis-cache-users.acl',
    secret: 'redis-cache-users',
    statefulSet: 'redis-cache',
    urlVariable: 'REDIS_URL',
  },
} as const;
export type RedisRole = keyof typeof REDIS_ACLS;

export const RENDER_SCRIPT = 'k8s/components/in-cluster-data/render-redis-acl.sh';

export type KeyAccess = 'RW' | 'R' | 'W';

/** One `user NAME RULES…` entry of an ACL file, with its rules sorted by kind. */
export interface AclUser {
  name: string;
  rules: string[];
  /** `~p` (RW), `%R~p`, `%W~p`, `%RW~p`. */
  keys: { access: KeyAccess; pattern: string }[];
  /** `&p`. */
  channels: string[];
  /** `+…`, `-…`, in order. */
  commands: string[];
}

/** Runs render-redis-acl.sh; throws with its stderr when it refuses. */
export function runRenderScript(script: string, rules: string, passwordDir?: string): string {
  const result = spawnSync('sh', [script, rules, ...(passwordDir ? [passwordDir] : [])], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr.trim() || `exit ${result.status}`);
  return result.stdout;
}

/**
 * The rendered ACL file for these rules and passwords (user name → password), by the same script
 * the Redis pods run (`script`, a path). The passwords are written to a private temporary
 * directory, one file per user as the Secret volume holds them, and removed afterwards.
 */
export function renderAcl(
  rulesText: string,
  passwords: Record<string, string>,
  script = join(workspaceRoot(), RENDER_SCRIPT),
): string {
  // mkdtemp makes the directory readable by its owner only.
  const dir = mkdtempSync(join(tmpdir(), 'hotpath-acl-'));
  try {
    const rules = join(dir, 'users.acl');
    writeFileSync(rules, rulesText);
    const secret = join(dir, 'secret');
    mkdirSync(secret, { mode: 0o700 });
    for (const [user, password] of Object.entries(passwords)) {
      writeFileSync(join(secret, user), password, { mode: 0o600 });
    }
    return runRenderScript(script, rules, secret);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses rendered (or password-less) ACL lines. */
export function parseAclLines(text: string): AclUser[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [keyword, name, ...rules] = line.trim().split(/\s+/);
      if (keyword !== 'user' || !name) throw new Error(`not an ACL user line: ${line}`);
      const keys: AclUser['keys'] = [];
      const channels: string[] = [];
      const commands: string[] = [];
      for (const rule of rules) {
        const key = /^(?:%(RW|R|W))?~(.*)$/.exec(rule);
        if (key) keys.push({ access: (key[1] as KeyAccess | undefined) ?? 'RW', pattern: key[2] });
        else if (rule.startsWith('&')) channels.push(rule.slice(1));
        else if (rule.startsWith('+') || rule.startsWith('-')) commands.push(rule);
      }
      return { name, rules, keys, channels, commands };
    });
}

const usersByRole = new Map<RedisRole, AclUser[]>();

/** The users of one Redis as its rules file defines them (without passwords), read once. */
export function aclUsers(role: RedisRole): AclUser[] {
  let users = usersByRole.get(role);
  if (!users) {
    const root = workspaceRoot();
    users = parseAclLines(runRenderScript(join(root, RENDER_SCRIPT), join(root, REDIS_ACLS[role].rules)));
    usersByRole.set(role, users);
  }
  return structuredClone(users);
}

/** The users of one Redis that an app connects as (all but `default`). */
export function appUsers(role: RedisRole): AclUser[] {
  return aclUsers(role).filter((user) => user.name !== 'default');
}

export function aclUser(role: RedisRole, name: string): AclUser {
  const found = aclUsers(role).find((user) => user.name === name);
  if (!found) throw new Error(`no ACL user ${name} on the ${role} Redis`);
  return found;
}

/** Redis's glob (`*`, `?`, `[…]`, `\x`) as a RegExp, for the patterns of our own ACL files. */
export function redisGlob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether `user` may read (`R`) or write (`W`) `key` by its key patterns. */
export function mayAccess(user: AclUser, key: string, access: 'R' | 'W'): boolean {
  return user.keys.some((grant) => grant.access.includes(access) && redisGlob(grant.pattern).test(key));
}
