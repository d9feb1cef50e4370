import { isScope, namespaceGlobSchema } from '@hotpath/contracts';
import { z } from 'zod';

/** Zod building blocks for environment variables (strings in, typed values out). */

export const envPort = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .pipe(
      z.coerce
        .number<string>({ error: 'must be a port number' })
        .int('must be a whole number')
        .min(1)
        .max(65535),
    );

export const envPositiveInt = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .pipe(
      z.coerce
        .number<string>({ error: 'must be a number' })
        .int('must be a whole number')
        .positive('must be above 0'),
    );

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

function urlField(protocols: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { error: `must be a ${protocols.map((p) => `${p}://`).join(' or ')} URL` },
  );
}

export const envUrl = (protocols: string[], fallback: string) => urlField(protocols).default(fallback);

export const envOptionalUrl = (protocols: string[]) => urlField(protocols).optional();

/** `url,url` of the given protocols → `string[]` (empty when unset). */
export const envUrlList = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return [];
      const urls = value.split(',').map((part) => part.trim());
      for (const url of urls) {
        if (!urlField(protocols).safeParse(url).success) {
          // The value may hold a password: name the position, never the URL.
          ctx.addIssue({
            code: 'custom',
            message: `item ${urls.indexOf(url) + 1} is not a ${protocols.map((p) => `${p}://`).join(' or ')} URL`,
          });
          return z.NEVER;
        }
      }
      return urls;
    });

const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;

/** `host:port,host:port` → `[{ host, port }]`. */
export const envHostPortList = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const nodes = [];
      for (const item of value.split(',').map((part) => part.trim())) {
        const match = HOST_PORT.exec(item);
        if (!match || Number(match[2]) > 65535) {
          ctx.addIssue({
            code: 'custom',
            message: `'${item}' is not host:port (expected host:port,host:port…)`,
          });
          return z.NEVER;
        }
        nodes.push({ host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]) });
      }
      return nodes;
    });

const apiKeyRecord = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'name must be 1-64 letters, digits, dots, dashes or underscores'),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex characters (the SHA-256 of the raw key)')
    .transform((hex) => hex.toLowerCase()),
  scopes: z
    .array(z.string().refine(isScope, { error: 'is not a known scope' }))
    .min(1, 'scopes must list at least one scope'),
  namespaces: z.array(namespaceGlobSchema).optional(),
  rateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().int().positive() }).optional(),
});

/** `HOTPATH_API_KEYS`: a JSON array of `{ name, sha256, scopes, namespaces?, rateLimit? }`. */
export const envApiKeys = () =>
  z
    .string()
    .default('[]')
    .transform((text, ctx) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of { name, sha256, scopes }' });
        return z.NEVER;
      }
      const result = z.array(apiKeyRecord).safeParse(parsed);
      if (!result.success) {
        const issue = result.error.issues[0];
        ctx.addIssue({ code: 'custom', message: `${entryOf(parsed, issue.path)}: ${issue.message}` });
        return z.NEVER;
      }
      const names = result.data.map((record) => record.name);
      const duplicate = names.find((name, index) => names.indexOf(name) !== index);
      if (duplicate) {
        ctx.addIssue({ code: 'custom', message: `key name '${duplicate}' appears twice` });
        return z.NEVER;
      }
      return result.data.map((record) => ({ ...record, scopes: record.scopes.filter(isScope) }));
    });

/** `entry 2 ('auth-svc'), namespaces.1`: where an issue is, with the entry's name when it has one. */
function entryOf(parsed: unknown, path: PropertyKey[]): string {
  const [index, ...inside] = path.map(String);
  if (index === undefined) return 'the value';
  const name = Array.isArray(parsed) ? (parsed[Number(index)] as { name?: unknown } | null)?.name : undefined;
  const named = typeof name === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(name) ? ` ('${name}')` : '';
  return `entry ${index}${named}${inside.length > 0 ? `, ${inside.join('.')}` : ''}`;
}
