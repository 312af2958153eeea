/** The files do not validate: how many errors and warnings, and each one located. */
import { useTranslation } from 'react-i18next';
import type { ValidateResult } from '../api/types.js';
import { ProblemList } from './problem-list.js';

export function ProblemsPanel({ validation }: { readonly validation: ValidateResult }) {
  const { t } = useTranslation();
  return (
    <section className="panel" data-testid="problems-panel">
      <h2>{t('inventory.problems.title')}</h2>
      <p className="notice notice-danger">
        <strong>{t('inventory.problems.errors', { count: validation.errors.length })}</strong>
        {validation.warnings.length > 0 &&
          `, ${t('inventory.problems.warnings', { count: validation.warnings.length })}`}
        {' — '}
        {t('inventory.problems.nothingPlanned')}
      </p>
      <ProblemList problems={[...validation.errors, ...validation.warnings]} />
    </section>
  );
}
