/** What an audit event changed, field by field: before and after. */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.js';
import { diffValues } from './change-diff.js';
import { pathLabel } from './field-label.js';
import { formatScalar } from './value-format.js';

interface ChangeTableProps {
  readonly before: unknown;
  readonly after: unknown;
}

export function ChangeTable({ before, after }: ChangeTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const changes = diffValues(before, after);
  if (changes.length === 0) return null;
  const words = { yes: t('common.yes'), no: t('common.no') };
  const show = (path: string, value: unknown) => formatScalar(format, path, value, words);
  return (
    <table className="table compact change-table">
      <thead>
        <tr>
          <th>{t('history.field')}</th>
          <th>{t('history.before')}</th>
          <th>{t('history.after')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path} className={`change-${change.op}`}>
            <td>{change.path === '' ? t('history.value') : pathLabel(t, change.path)}</td>
            <td className="before">
              {change.op === 'add' ? <span className="muted">—</span> : show(change.path, change.before)}
            </td>
            <td className="after">
              {change.op === 'remove' ? <span className="muted">—</span> : show(change.path, change.after)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
