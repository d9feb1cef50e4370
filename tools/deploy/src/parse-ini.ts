/** ini text → { section: { key: value } } (PgBouncer's format; `%include` lines are kept as keys). */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = { '': {} };
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = section[1];
      sections[current] ??= {};
      continue;
    }
    const at = line.indexOf('=');
    if (at < 0) sections[current][line] = '';
    else sections[current][line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return sections;
}
