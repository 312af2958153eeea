/** The plan as people read it in a terminal: one line per object, one line per changed field. */
import type { InventoryPlan, PlanAction, PlanEntry } from './plan.js';
import type { FieldChange } from './plan-diff.js';

export interface FormatPlanOptions {
  /** ANSI colours (green additions, yellow changes, red removals). */
  readonly color: boolean;
}

export const NO_CHANGES_MESSAGE = 'No changes. The store matches the inventory files.';

const SIGNS: Record<PlanAction | FieldChange['op'], string> = { add: '+', change: '~', remove: '-' };
const COLORS: Record<PlanAction | FieldChange['op'], string> = { add: '32', change: '33', remove: '31' };
/** Longest rendering of a value before it is cut, so one big list cannot flood the terminal. */
const MAX_VALUE_LENGTH = 160;

/**
 * Renders a plan like `terraform plan`:
 * ```
 *   ~ vm db03  (vms.yaml:12:5)
 *       ~ memory: 16GiB → 32GiB
 *
 * Plan: 0 to add, 1 to change, 0 to remove.
 * ```
 */
export function formatPlan(plan: InventoryPlan, options: FormatPlanOptions): string {
  if (plan.entries.length === 0) return `${NO_CHANGES_MESSAGE}\n`;
  const paint = (op: PlanAction | FieldChange['op'], text: string): string =>
    options.color ? `\u001b[${COLORS[op]}m${text}\u001b[0m` : text;
  const lines = ['Applying the inventory would make these changes to the store:', ''];
  for (const entry of plan.entries) {
    lines.push(
      `  ${paint(entry.action, `${SIGNS[entry.action]} ${entry.kind} ${entry.key}`)}  ${sourceNote(entry)}`,
    );
    for (const change of entry.changes) lines.push(`      ${paint(change.op, formatFieldChange(change))}`);
  }
  const { add, change, remove, unchanged } = plan.summary;
  lines.push('');
  if (unchanged > 0) lines.push(`${unchanged} object${unchanged === 1 ? '' : 's'} unchanged.`);
  lines.push(`Plan: ${add} to add, ${change} to change, ${remove} to remove.`);
  return `${lines.join('\n')}\n`;
}

/** One changed field: `~ memory: 16GiB → 32GiB`, `+ domains[2]: "new.example"`, `- tls: true`. */
export function formatFieldChange(change: FieldChange): string {
  const field = lastFieldName(change.path);
  switch (change.op) {
    case 'add':
      return `+ ${change.path}: ${formatValue(change.after, field)}`;
    case 'remove':
      return `- ${change.path}: ${formatValue(change.before, field)}`;
    case 'change':
      return `~ ${change.path}: ${formatValue(change.before, field)} → ${formatValue(change.after, field)}`;
  }
}

/** A JSON value for people: sizes in binary units, durations in h/m/s, long values cut. */
export function formatValue(value: unknown, field = ''): string {
  const text = render(value, field);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function render(value: unknown, field: string): string {
  if (Array.isArray(value)) return `[${value.map((item) => render(item, field)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${k}: ${render(v, k)}`).join(', ')}}`;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    if (isSizeField(field)) return humanSize(value);
    if (isDurationField(field)) return humanDuration(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * Bytes as the inventory files write them: `16GiB`, `1536KiB`, `1TB` when exact in binary or decimal
 * units, else the bytes with an approximation.
 */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  const binary = largestExactUnit(bytes, 1024);
  const decimal = largestExactUnit(bytes, 1000);
  // Whichever unit the file most likely used: the one giving the shorter number (1TB, not 976562500KiB).
  if (binary > 0 && bytes / 1024 ** binary <= bytes / 1000 ** decimal)
    return `${bytes / 1024 ** binary}${SIZE_UNITS[binary]}`;
  if (decimal > 0) return `${bytes / 1000 ** decimal}${DECIMAL_UNITS[decimal]}`;
  let magnitude = 0;
  while (magnitude < SIZE_UNITS.length - 1 && bytes >= 1024 ** (magnitude + 1)) magnitude++;
  return `${bytes}B (≈${(bytes / 1024 ** magnitude).toFixed(1)}${SIZE_UNITS[magnitude]})`;
}

function largestExactUnit(bytes: number, base: number): number {
  let unit = 0;
  while (unit < SIZE_UNITS.length - 1 && bytes >= base ** (unit + 1) && bytes % base ** (unit + 1) === 0)
    unit++;
  return unit;
}

/** Seconds as the inventory files write them: `30s`, `5m`, `1h30m`, `2d`. */
export function humanDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}

function sourceNote(entry: PlanEntry): string {
  return entry.action === 'remove' ? `(was ${entry.source})` : `(${entry.source})`;
}

/** `disks[1].size` → `size`; `access.websites[0]` → `websites`. */
function lastFieldName(path: string): string {
  const withoutIndexes = path.replace(/\[\d+\]/g, '');
  const match = /([A-Za-z_$][\w$]*)$/.exec(withoutIndexes);
  return match?.[1] ?? '';
}

/** Sizes are normalised to bytes by the loader; the field name is what tells them from counts. */
function isSizeField(field: string): boolean {
  return (
    /^(memory|ram|swap|size|capacity|storage|quota|disk)$/i.test(field) ||
    /(Size|Bytes|Memory|Capacity)$/.test(field)
  );
}

/** Durations are normalised to seconds by the loader. */
function isDurationField(field: string): boolean {
  return (
    /^(interval|timeout|duration|delay|ttl|period|retention|grace)$/i.test(field) ||
    /(Interval|Timeout|Duration|Delay|Seconds)$/.test(field)
  );
}
