/**
 * The rack drawn unit by unit, front face, as in DCIM tools: numbered rails, one row per unit from the
 * top (highest U) down, devices as blocks spanning their height, empty units left visible.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RackDevice } from '../api/types.js';
import { objectPath } from '../components/object-link.js';
import { deviceTypeOf } from './device-types.js';

interface RackElevationProps {
  readonly height: number;
  readonly devices: readonly RackDevice[];
  /** Manufacturer and model by device key, printed on blocks tall enough. */
  readonly models?: ReadonlyMap<string, string>;
  /** A thumbnail: thin rows, no labels, no rail numbers. */
  readonly compact?: boolean;
}

/** Units numbered from the top of the drawing down: [height, height-1, ..., 1]. */
function unitsTopDown(height: number): number[] {
  return Array.from({ length: height }, (_, index) => height - index);
}

/** The CSS grid row where a unit is drawn (row 1 is the highest unit). */
function rowOf(height: number, unit: number): number {
  return height - unit + 1;
}

export function RackElevation({ height, devices, models, compact = false }: RackElevationProps) {
  const { t } = useTranslation();
  const mounted = devices.filter((device) => device.position >= 1 && device.height >= 1);
  const occupied = new Set<number>();
  for (const device of mounted) {
    for (let unit = device.position; unit < device.position + device.height; unit += 1) occupied.add(unit);
  }
  const units = unitsTopDown(height);

  return (
    <div
      className={compact ? 'rack rack-compact' : 'rack'}
      style={{ gridTemplateRows: `repeat(${height}, var(--rack-unit))` }}
      role="img"
      aria-label={t('rack.drawingLabel', { height, count: mounted.length })}
      data-testid={compact ? 'rack-thumbnail' : 'rack-elevation'}
    >
      {!compact &&
        units.map((unit) => (
          <span
            key={`l${unit}`}
            className="rack-rail rack-rail-left"
            style={{ gridRow: rowOf(height, unit) }}
          >
            {unit}
          </span>
        ))}
      {units
        .filter((unit) => !occupied.has(unit))
        .map((unit) => (
          <span
            key={`e${unit}`}
            className="rack-empty"
            style={{ gridRow: rowOf(height, unit) }}
            title={t('rack.emptyUnit', { unit })}
          />
        ))}
      {mounted.map((device) => {
        const type = deviceTypeOf(device.type);
        const top = device.position + device.height - 1;
        const name = device.name;
        const model = models?.get(device.key) ?? '';
        const range = device.height === 1 ? `U${device.position}` : `U${device.position}–U${top}`;
        return (
          <Link
            key={device.key}
            to={objectPath('device', device.key)}
            className={`rack-device device-${type}`}
            style={{ gridRow: `${rowOf(height, top)} / span ${device.height}` }}
            title={`${name} · ${t(`deviceType.${type}`)} · ${range}${model ? ` · ${model}` : ''}`}
            data-device={device.key}
          >
            {!compact && (
              <>
                <span className="rack-device-name">{name}</span>
                {model !== '' && device.height > 1 && <span className="rack-device-model">{model}</span>}
                <span className="rack-device-units">{range}</span>
              </>
            )}
          </Link>
        );
      })}
      {!compact &&
        units.map((unit) => (
          <span
            key={`r${unit}`}
            className="rack-rail rack-rail-right"
            style={{ gridRow: rowOf(height, unit) }}
          >
            {unit}
          </span>
        ))}
    </div>
  );
}
