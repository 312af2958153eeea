/** A horizontal bar: how much of a capacity is allocated, with the figures beside it. */

interface UsageBarProps {
  readonly label: string;
  /** Already formatted, e.g. `12 / 32 vCPU`. */
  readonly figure: string;
  readonly used: number;
  /** Without a capacity the bar is drawn against `scale` (the largest value on the page). */
  readonly capacity?: number | undefined;
  readonly scale?: number | undefined;
  /** Going past the capacity is normal (vCPUs are shared): shown as high, not as an error. */
  readonly overcommitAllowed?: boolean;
}

export function UsageBar({ label, figure, used, capacity, scale, overcommitAllowed = false }: UsageBarProps) {
  const reference = capacity ?? scale ?? used;
  const ratio = reference > 0 ? Math.min(used / reference, 1) : 0;
  const over = capacity !== undefined && used > capacity && !overcommitAllowed;
  const tone = capacity === undefined ? 'plain' : over ? 'over' : ratio > 0.85 ? 'high' : 'ok';
  return (
    <div className="usage">
      <div className="usage-line">
        <span className="usage-label">{label}</span>
        <span className="usage-figure">{figure}</span>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: <meter> cannot be given these colours and radius consistently across browsers */}
      <div
        className={`usage-track usage-${tone}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={reference}
        aria-valuenow={used}
      >
        <div className="usage-fill" style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}
