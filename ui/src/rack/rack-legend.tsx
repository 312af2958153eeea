/** The colour legend of the rack drawing, limited to the types present. */
import { useTranslation } from 'react-i18next';
import { DEVICE_TYPES, type DeviceType } from './device-types.js';

export function RackLegend({ types }: { readonly types: ReadonlySet<DeviceType> }) {
  const { t } = useTranslation();
  return (
    <ul className="rack-legend" aria-label={t('rack.legend')}>
      {DEVICE_TYPES.filter((type) => types.has(type)).map((type) => (
        <li key={type}>
          <span className={`legend-swatch device-${type}`} aria-hidden="true" />
          {t(`deviceType.${type}`)}
        </li>
      ))}
      <li>
        <span className="legend-swatch legend-empty" aria-hidden="true" />
        {t('rack.empty')}
      </li>
    </ul>
  );
}
