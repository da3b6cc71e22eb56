import type { LintFinding } from './bpmn-linter';

/**
 * Prints findings the way the bpmnlint CLI does: per file a table of element, severity, message
 * and rule, then a total. Without colours, so the output reads the same in CI logs.
 */

export interface FileFindings {
  file: string;
  findings: LintFinding[];
}

export interface Totals {
  errors: number;
  warnings: number;
}

const SEVERITY: Record<LintFinding['category'], string> = {
  error: 'error',
  warn: 'warning',
  info: 'info',
  off: 'off',
  'rule-error': 'rule-error',
};

export function isError(finding: LintFinding): boolean {
  return finding.category === 'error' || finding.category === 'rule-error';
}

export function totals(files: readonly FileFindings[]): Totals {
  const all = files.flatMap((file) => file.findings);
  const errors = all.filter(isError).length;
  return { errors, warnings: all.filter((finding) => finding.category === 'warn').length };
}

export function formatFile({ file, findings }: FileFindings): string {
  if (findings.length === 0) return '';
  const rows = findings.map((finding) => [
    finding.elementId,
    SEVERITY[finding.category],
    finding.message,
    finding.rule,
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map(
    (row) => `  ${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')}`,
  );
  return `\n${file}\n${lines.join('\n')}\n`;
}

export function formatSummary({ errors, warnings }: Totals): string {
  const problems = errors + warnings;
  if (problems === 0) return '';
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `\n✖ ${plural(problems, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})\n`;
}
