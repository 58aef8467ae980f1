/** Plain-text tables for the terminal (the linter forbids console: everything goes through stdout). */

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** `1 234 567` — French thousands grouping with a plain space (terminal-safe). */
export function bytesText(bytes: number): string {
  return String(bytes).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export function msText(ms: number): string {
  return ms.toFixed(2);
}

export function verdict(met: boolean): string {
  return met ? 'atteint' : 'MANQUÉ';
}

/** Columns padded to their widest cell; numbers (right: true) aligned on the right. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (right[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
}
