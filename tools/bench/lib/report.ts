/** Tables for the terminal that paste as-is into docs/benchmarks.md (GitHub markdown). */
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function table(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, c) => Math.max(header.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  print(line(headers));
  print(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
  for (const row of rows) print(line(row));
  print();
}

export function opsPerSec(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function ratio(value: number, anchor: number): string {
  return `${(value / anchor).toFixed(2)}×`;
}

/** `PASS`/`FAIL` against a minimum ratio; a benchmark reports a goal, it never fails on one. */
export function goal(value: number, anchor: number, atLeast: number): string {
  return `≥ ${atLeast}× ${value / anchor >= atLeast ? 'PASS' : 'FAIL'}`;
}
