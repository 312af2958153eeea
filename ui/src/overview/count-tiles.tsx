/** The overview's figures: how many devices, VMs, services, websites, databases and people. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../format/use-format.js';

export interface CountTile {
  readonly kind: string;
  readonly to: string | null;
}

interface CountTilesProps {
  readonly counts: Readonly<Record<string, number>>;
  readonly tiles: readonly CountTile[];
}

export function CountTiles({ counts, tiles }: CountTilesProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ul className="count-tiles">
      {tiles.map(({ kind, to }) => {
        const count = counts[kind] ?? 0;
        const body = (
          <>
            <span className="count-value">{format.number(count)}</span>
            <span className="count-label">{t(`kindPlural.${kind}`, { count })}</span>
          </>
        );
        return (
          <li key={kind} data-kind={kind}>
            {to === null ? (
              <div className="count-tile">{body}</div>
            ) : (
              <Link className="count-tile" to={to}>
                {body}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}
