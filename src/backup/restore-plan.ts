/**
 * The restore plan (issue 5): a document generated from the inventory and the backup catalog, so it
 * is always current. A first page (customer, summary of every source, what is not backed up, the
 * destinations and the key escrow), then one section per source. French by default, English on request.
 */
import { getInventoryObjects } from '../inventory/service.js';
import { inventoryObjectsForChecks } from '../monitoring/inventory-checks.js';
import { reachAddressOf, Topology } from '../monitoring/topology.js';
import { cronInWords } from '../reports/cron-words.js';
import type { Block, ReportDocument } from '../reports/document.js';
import { formatAge, formatElapsed } from '../reports/format.js';
import { renderHtml } from '../reports/render-html.js';
import { renderPdf } from '../reports/render-pdf.js';
import { formatShortInstant, type ReportLanguage } from '../reports/strings.js';
import type { CoreDeps } from '../runtime/deps.js';
import { listRuns } from './catalog.js';
import { listDrills } from './drill-catalog.js';
import { rpoBadge, sourceSection } from './restore-plan-source.js';
import { RESTORE_PLAN_STRINGS } from './restore-plan-strings.js';
import { findSource, readBackupPlan } from './service.js';
import { backupStatus } from './status.js';

/** How many of a source's runs the plan lists. */
const RUNS_SHOWN = 5;

/** Percentages of the summary's columns: source ids and badges must not wrap. */
const SUMMARY_WIDTHS = [25, 19, 17, 13, 12, 14] as const;

export type RestorePlanFormat = 'html' | 'pdf';

export interface RestorePlanRequest {
  /** One source (`database:ID`, `files:website-ID` or an object id); every source when absent. */
  readonly source?: string | undefined;
  readonly language: ReportLanguage;
}

/** The document, ready to render. Throws NOT_FOUND (with the way to list sources) for an unknown source. */
export async function buildRestorePlan(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  request: RestorePlanRequest,
): Promise<ReportDocument> {
  const strings = RESTORE_PLAN_STRINGS[request.language];
  const plan = await readBackupPlan(deps);
  const chosen = request.source === undefined ? plan.sources : [findSource(plan, request.source)];
  const statuses = await backupStatus(deps, { ...plan, sources: chosen });
  const [customers, objects] = await Promise.all([
    getInventoryObjects(deps, 'customer'),
    inventoryObjectsForChecks(deps),
  ]);
  const customer = customers[0];
  const customerName =
    customer === undefined
      ? strings.noCustomer
      : typeof customer.spec.legal_name === 'string'
        ? customer.spec.legal_name
        : customer.key;
  const topology = new Topology(objects);
  const hostAddress = (host: string): string | undefined => {
    const object = topology.get('vm', host) ?? topology.get('device', host);
    return object === undefined ? undefined : reachAddressOf(object);
  };
  const formatInstant = (iso: string) => formatShortInstant(iso, request.language, plan.timeZone);

  const blocks: Block[] = [{ kind: 'paragraph', text: `${strings.intro} ${strings.timesIn(plan.timeZone)}` }];
  blocks.push({ kind: 'heading', level: 1, text: strings.summary });
  if (chosen.length === 0) blocks.push({ kind: 'note', tone: 'warn', text: strings.nothing });
  else
    blocks.push({
      kind: 'table',
      columns: strings.summaryColumns.map((title, i) => ({ title, width: SUMMARY_WIDTHS[i] ?? 'fill' })),
      rows: statuses.map((status) => {
        const measured = status.rpoSeconds === null ? '—' : formatAge(status.rpoSeconds, request.language);
        return [
          status.source,
          `${strings.kindName[status.kind]} ${status.object.id}`,
          cronInWords(status.schedule, request.language) ?? { text: status.schedule, code: true },
          `${measured} / ${formatAge(status.rpoTargetSeconds, request.language)}`,
          status.rtoMs === null ? '—' : formatElapsed(status.rtoMs, request.language),
          [
            rpoBadge(status, strings),
            ...(status.lastDrill?.status === 'failed'
              ? [' ', { badge: strings.drillFailed, tone: 'bad' as const }]
              : []),
            ...(status.problem === null
              ? []
              : [' ', { badge: strings.cannotRunBadge, tone: 'bad' as const }]),
          ],
        ];
      }),
    });

  if (request.source === undefined && plan.disabled.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: strings.disabled });
    blocks.push({ kind: 'paragraph', text: strings.disabledIntro });
    blocks.push({
      kind: 'table',
      columns: [{ title: strings.disabledColumns[0], width: 'auto' }, { title: strings.disabledColumns[1] }],
      rows: plan.disabled.map((off) => [{ text: off.source, code: true }, off.reason]),
    });
  }

  const used = plan.destinations.filter((d) => chosen.some((p) => p.destinations.includes(d.id)));
  if (used.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: strings.destinationsTitle });
    blocks.push({
      kind: 'table',
      columns: strings.destinationsColumns.map((title, i) => ({
        title,
        ...(i < 2 ? { width: 'auto' as const } : {}),
      })),
      rows: used.map((d) => [
        d.id,
        strings.destinationType(d.type),
        [
          { text: d.type === 'local' ? d.path : `${d.host}:${d.path}`, code: true },
          ...(d.description === undefined ? [] : [` ${d.description}`]),
        ],
      ]),
    });
    for (const d of used) blocks.push({ kind: 'paragraph', text: strings.escrow(d.id) });
  }

  for (const status of statuses) {
    const policy = chosen.find((p) => p.source === status.source);
    if (policy === undefined) continue;
    blocks.push(
      ...sourceSection({
        policy,
        status,
        runs: await listRuns(deps.store.db, { source: policy.source, limit: RUNS_SHOWN }),
        lastPassedDrill:
          (await listDrills(deps.store.db, { source: policy.source, status: 'passed', limit: 1 }))[0] ?? null,
        destinations: plan.destinations,
        hostAddress: policy.kind === 'files' ? hostAddress(policy.host) : undefined,
        language: request.language,
        strings,
        formatInstant,
      }),
    );
  }

  return {
    language: request.language,
    title: strings.title,
    subtitle: customerName,
    generatedAt: deps.clock.now(),
    timeZone: plan.timeZone,
    blocks,
  };
}

export interface RenderedRestorePlan {
  readonly body: Buffer;
  readonly contentType: string;
  /** A name to save it under: `plan-de-restauration-2026-11-28.pdf`, `restore-plan-database-x-....html`. */
  readonly filename: string;
}

/** The plan rendered as HTML or PDF, with its content type and a file name. */
export async function renderRestorePlan(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  request: RestorePlanRequest & { readonly format: RestorePlanFormat },
): Promise<RenderedRestorePlan> {
  const document = await buildRestorePlan(deps, request);
  const body =
    request.format === 'pdf' ? await renderPdf(document) : Buffer.from(renderHtml(document), 'utf8');
  const base = request.language === 'fr' ? 'plan-de-restauration' : 'restore-plan';
  const scope = request.source === undefined ? '' : `-${request.source.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const day = document.generatedAt.toISOString().slice(0, 10);
  return {
    body,
    contentType: request.format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    filename: `${base}${scope}-${day}.${request.format}`,
  };
}
