/** Log paths whose values are replaced before a line is written: keys, passwords, connection strings. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.password',
  '*.apiKey',
  '*.apiKeys',
  '*.devApiKey',
  '*.token',
  '*.secret',
  '*.HOTPATH_API_KEYS',
  '*.HOTPATH_DEV_API_KEY',
  '*.DATABASE_URL',
  '*.connectionString',
];
