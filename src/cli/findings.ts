/**
 * What `infraprism doctor` reports: one finding per check, each with the fix in one line, printed
 * as text or JSON. A `problem` makes the command exit 1; a `note` is worth knowing but breaks
 * nothing.
 */
export type FindingStatus = 'ok' | 'note' | 'problem';

export interface Finding {
  /** The check it comes from: `sdk`, `modules`, `bundler`, `endpoint`, `prices`, `node`. */
  check: string;
  status: FindingStatus;
  /** One line: what was found. */
  message: string;
  /** One line: what to do about it (absent when nothing needs doing). */
  fix?: string;
}

const LABELS: Readonly<Record<FindingStatus, string>> = { ok: 'ok', note: 'note', problem: 'PROBLEM' };

export function formatFindings(findings: readonly Finding[]): string {
  const lines = findings.map((finding) => {
    const head = `  ${LABELS[finding.status].padEnd(8)} ${finding.message}`;
    return finding.fix === undefined ? head : `${head}\n  ${''.padEnd(8)} fix: ${finding.fix}`;
  });
  const problems = findings.filter((finding) => finding.status === 'problem').length;
  lines.push('', problems === 0 ? 'No problems found.' : `${problems} problem${problems === 1 ? '' : 's'} found.`);
  return lines.join('\n');
}

export function hasProblems(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.status === 'problem');
}
