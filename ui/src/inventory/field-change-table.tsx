/** A plan entry's fields, before → after, formatted the way object pages show them (sizes, dates, money). */
import { useTranslation } from 'react-i18next';
import type { PlanFieldChange } from '../api/types.js';
import { useFormat } from '../format/use-format.js';
import { enumLabel } from '../object/enum-label.js';
import { pathLabel } from '../object/field-label.js';
import { formatScalar } from '../object/value-format.js';

interface FieldChangeTableProps {
  readonly rows: readonly PlanFieldChange[];
  /** An added or removed object shows one column of values; a change shows before and after. */
  readonly mode: 'change' | 'add' | 'remove';
}

export function FieldChangeTable({ rows, mode }: FieldChangeTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  if (rows.length === 0) return null;
  const words = { yes: t('common.yes'), no: t('common.no') };
  // Enumerations read as on object pages (`acme` → the TLS mode's name), everything else by its unit.
  const show = (path: string, value: unknown) =>
    (typeof value === 'string' ? enumLabel(t, path, value) : undefined) ??
    formatScalar(format, path, value, words);
  const label = (path: string) => (path === '' ? t('history.value') : pathLabel(t, path));
  if (mode !== 'change') {
    return (
      <table className="table compact change-table field-values">
        <tbody>
          {rows.map((row) => (
            <tr key={row.path} className={`change-${row.op}`}>
              <td className="field-name">{label(row.path)}</td>
              <td className={mode === 'add' ? 'after' : 'before'}>
                {show(row.path, mode === 'add' ? row.after : row.before)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <table className="table compact change-table" data-testid="field-changes">
      <thead>
        <tr>
          <th>{t('history.field')}</th>
          <th>{t('history.before')}</th>
          <th className="arrow" />
          <th>{t('history.after')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path} className={`change-${row.op}`}>
            <td className="field-name">{label(row.path)}</td>
            <td className="before">
              {row.op === 'add' ? <span className="muted">—</span> : show(row.path, row.before)}
            </td>
            <td className="arrow" aria-hidden="true">
              →
            </td>
            <td className="after">
              {row.op === 'remove' ? <span className="muted">—</span> : show(row.path, row.after)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
