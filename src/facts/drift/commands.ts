/** `vigie drift [HOST...]`: what the hosts show against the inventory; exit 2 when there is drift, like `plan --detailed-exitcode`. */
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../../cli/context.js';
import type { DriftFinding } from '../model.js';
import { countsOf, type DriftReport, driftReport } from './drift-report.js';
import { formatDriftReport } from './format-drift.js';

/** Exit code of `vigie drift` when findings remain at the severity asked for (0 when none). */
export const EXIT_DRIFT_FOUND = 2;

const SEVERITIES = ['info', 'warning', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

interface DriftOptions {
  json?: boolean;
  severity: Severity;
}

/** Mounts `vigie drift` on the program. */
export function registerDriftCommands(program: Command, context: CliContext): void {
  program
    .command('drift')
    .description(
      `compare each host's latest facts with the inventory (every host when none is named); exit ${EXIT_DRIFT_FOUND} when drift is found, 0 when none`,
    )
    .argument('[hosts...]', 'VM or device ids from the inventory')
    .option('--json', 'print the report as JSON')
    .option(
      '--severity <level>',
      'only findings of this severity or worse: info, warning, critical (default info: all)',
      parseSeverity,
      'info' as Severity,
    )
    .action(async (hosts: string[], options: DriftOptions, command: Command) => {
      const full = await context.withDeps(command, (deps) => driftReport(deps, { hosts }));
      const report = atLeast(full, options.severity);
      if (options.json) context.io.out(JSON.stringify(report, null, 2));
      else
        for (const line of formatDriftReport(report, context.config(command).timeZone)) context.io.out(line);
      // main() turns process.exitCode into the command's exit code.
      if (report.counts.total > 0) process.exitCode = EXIT_DRIFT_FOUND;
    });
}

/** The report with only findings of `severity` or worse, counts recomputed. */
function atLeast(report: DriftReport, severity: Severity): DriftReport {
  const rank = SEVERITIES.indexOf(severity);
  const kept = (finding: DriftFinding): boolean => SEVERITIES.indexOf(finding.severity) >= rank;
  const hosts = report.hosts.map((host) => {
    const findings = host.findings.filter(kept);
    return { ...host, findings, counts: countsOf(findings) };
  });
  return { ...report, hosts, counts: countsOf(hosts.flatMap((host) => host.findings)) };
}

function parseSeverity(value: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}.`);
  return value as Severity;
}
