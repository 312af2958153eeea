/**
 * One source's pages of the restore plan: what it protects, schedule, retention, destinations,
 * RPO and RTO with their state, the last runs and drill, then how to restore it.
 */

import { cronInWords } from '../reports/cron-words.js';
import type { Block, Inline, Rich, Tone } from '../reports/document.js';
import { formatAge, formatElapsed } from '../reports/format.js';
import type { ReportLanguage } from '../reports/strings.js';
import type { BackupRunView } from './catalog.js';
import type { DrillView } from './drill-catalog.js';
import type { SourcePolicy } from './policies.js';
import type { DestinationSettings } from './policy-schema.js';
import { restoreSteps } from './restore-plan-steps.js';
import type { RestorePlanStrings } from './restore-plan-strings.js';
import { formatBytes } from './run-backup.js';
import type { SourceStatus } from './status.js';

export interface SourceSectionInput {
  readonly policy: SourcePolicy;
  readonly status: SourceStatus;
  readonly runs: readonly BackupRunView[];
  /** The drill the RTO comes from (the status only carries its restore time). */
  readonly lastPassedDrill: DrillView | null;
  readonly destinations: readonly DestinationSettings[];
  readonly hostAddress: string | undefined;
  readonly language: ReportLanguage;
  readonly strings: RestorePlanStrings;
  readonly formatInstant: (iso: string) => string;
}

const NBSP = '\u00a0';

export const RUN_TONES: Readonly<Record<BackupRunView['status'], Tone>> = {
  verified: 'ok',
  written: 'warn',
  running: 'neutral',
  failed: 'bad',
  pruned: 'neutral',
};

/** The RPO's badge: ok within target, late past it, none without a verified backup. */
export function rpoBadge(status: SourceStatus, strings: RestorePlanStrings): Inline {
  const tone: Tone = status.rpoState === 'ok' ? 'ok' : 'bad';
  return { badge: strings.state[status.rpoState], tone };
}

export function scheduleText(schedule: string, language: ReportLanguage): Rich {
  const words = cronInWords(schedule, language);
  return words === null
    ? { text: schedule, code: true }
    : [`${words} `, { text: `(${schedule})`, code: true, muted: true }];
}

/** The measured RTO in words (from the last passed drill, not the last drill), or why there is none. */
function rtoText(input: SourceSectionInput): string {
  const { strings, lastPassedDrill: drill } = input;
  if (input.policy.drill === null && drill === null) return strings.drillsOff;
  if (drill === null || drill.restoreMs === null) return strings.noDrillPassed;
  return strings.rtoText(
    formatElapsed(drill.restoreMs, input.language),
    input.formatInstant(drill.startedAt),
    drill.target,
  );
}

export function sourceSection(input: SourceSectionInput): Block[] {
  const { policy, status, strings, language } = input;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `${policy.object.name} (${policy.source})`, newPage: true },
  ];
  if (status.problem !== null)
    blocks.push({ kind: 'note', tone: 'bad', text: strings.cannotRun(status.problem) });

  const detail =
    policy.kind === 'files'
      ? strings.filesDetail(policy.host)
      : strings.databaseDetail(
          policy.endpoint?.database ?? policy.object.id,
          policy.endpoint?.server ?? '?',
          policy.host,
        );
  const rpoMeasured = status.rpoSeconds === null ? null : formatAge(status.rpoSeconds, language);
  const items: { key: string; value: Rich }[] = [
    { key: strings.protects, value: strings.what(strings.kindName[policy.kind], policy.object.id, detail) },
  ];
  if (policy.kind === 'files') {
    items.push({
      key: strings.paths,
      value: (policy.paths ?? []).map((p, i) => ({ text: i === 0 ? p : `, ${p}`, code: true })),
    });
    if ((policy.exclude ?? []).length > 0)
      items.push({ key: strings.excluded, value: { text: (policy.exclude ?? []).join(', '), code: true } });
  }
  items.push(
    { key: strings.schedule, value: scheduleText(policy.schedule, language) },
    { key: strings.retention, value: strings.retentionText(policy.retention) },
    {
      key: strings.destinations,
      value: policy.destinations
        .map((id, i) => {
          const settings = input.destinations.find((d) => d.id === id);
          const where =
            settings === undefined
              ? '?'
              : settings.type === 'local'
                ? settings.path
                : `${settings.host}:${settings.path}`;
          return `${i === 0 ? '' : '; '}${id} (${settings === undefined ? '?' : strings.destinationType(settings.type)}${i === 0 ? '' : `, ${strings.copyOf}`}): ${where}`;
        })
        .join(''),
    },
    {
      key: strings.rpo,
      value: [
        `${strings.rpoText(rpoMeasured, formatAge(policy.rpoTargetSeconds, language))} `,
        rpoBadge(status, strings),
      ],
    },
    { key: strings.rto, value: rtoText(input) },
  );
  if (policy.drill !== null)
    items.push({
      key: strings.drills,
      value: strings.drillsText(plainSchedule(policy.drill.schedule, language), policy.drill.server ?? '?'),
    });
  blocks.push({ kind: 'keyValues', items });

  blocks.push({ kind: 'heading', level: 2, text: strings.lastRuns });
  if (input.runs.length === 0) blocks.push({ kind: 'paragraph', text: strings.noRuns });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: strings.runsColumns[0], width: 21 },
        { title: strings.runsColumns[1], width: 13 },
        { title: strings.runsColumns[2], width: 11, align: 'right' },
        { title: strings.runsColumns[3], width: 10, align: 'right' },
        { title: strings.runsColumns[4], width: 45 },
      ],
      rows: input.runs.map((run) => [
        input.formatInstant(run.startedAt),
        { badge: strings.runState[run.status], tone: RUN_TONES[run.status] },
        run.sizeBytes === null ? '' : formatBytes(run.sizeBytes).replace(' ', NBSP),
        run.durationMs === null ? '' : formatElapsed(run.durationMs, language),
        run.error === null ? { text: run.id, code: true } : [{ text: run.id, code: true }, ` ${run.error}`],
      ]),
    });

  const drill = status.lastDrill;
  if (drill !== null) {
    blocks.push({ kind: 'heading', level: 2, text: strings.lastDrill });
    blocks.push({
      kind: 'paragraph',
      text: [
        strings.drillSummary(input.formatInstant(drill.startedAt), drill.target, drill.runId),
        ' ',
        {
          badge: strings.state[drill.status],
          tone: drill.status === 'passed' ? 'ok' : drill.status === 'failed' ? 'bad' : 'neutral',
        },
        ...(drill.restoreMs === null ? [] : [` ${formatElapsed(drill.restoreMs, language)}`]),
      ],
    });
    if (drill.checks.length > 0)
      blocks.push({
        kind: 'table',
        columns: [
          { title: strings.checksColumns[0] },
          { title: strings.checksColumns[1], width: 'auto' },
          { title: strings.checksColumns[2] },
        ],
        rows: drill.checks.map((check) => [
          check.check,
          { badge: check.ok ? 'OK' : strings.state.failed, tone: check.ok ? 'ok' : 'bad' },
          check.detail,
        ]),
      });
  }

  blocks.push(
    ...restoreSteps({
      policy,
      destination: input.destinations.find(
        (d) => d.id === (status.lastVerified?.destination ?? policy.destinations[0]),
      ),
      verified: status.lastVerified,
      hostAddress: input.hostAddress,
      strings,
      formatInstant: input.formatInstant,
    }),
  );
  return blocks;
}

function plainSchedule(schedule: string, language: ReportLanguage): string {
  const words = cronInWords(schedule, language);
  return words === null ? schedule : `${words} (${schedule})`;
}
