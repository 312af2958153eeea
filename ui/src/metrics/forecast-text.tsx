/** A filesystem's fill forecast in words: the date, how soon, and how much to trust it. */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.js';
import type { FillForecast } from './metrics-types.js';

export function ForecastText({
  forecast,
  detail = true,
}: {
  readonly forecast: FillForecast;
  readonly detail?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const basis = t('metrics.forecast.basis', {
    samples: format.number(forecast.samples),
    days: format.number(forecast.windowDays, 1),
  });
  switch (forecast.status) {
    case 'insufficient_data':
      return <span className="muted">{t('metrics.forecast.insufficient', { basis })}</span>;
    case 'not_filling':
      return <span>{t('metrics.forecast.notFilling')}</span>;
    case 'full':
      return <strong className="text-danger">{t('metrics.forecast.full')}</strong>;
    case 'filling':
      return (
        <span data-testid="forecast-filling">
          {t('metrics.forecast.filling', {
            date: forecast.fullAt === null ? '' : format.date(forecast.fullAt),
            days: format.number(forecast.daysToFull ?? 0, 1),
          })}
          {detail && (
            <span className="muted small">
              {' '}
              {t('metrics.forecast.trust', {
                growth: format.bytes(forecast.growthBytesPerDay ?? 0),
                confidence: t(`metrics.confidence.${forecast.confidence ?? 'low'}`),
                r2: format.number(forecast.r2 ?? 0, 2),
                basis,
              })}
            </span>
          )}
        </span>
      );
  }
}
