/** Every problem found in the inventory files, located (`file:line:column`, field path), errors first. */
import { useTranslation } from 'react-i18next';
import type { InventoryProblem } from '../api/types.js';
import { Badge } from '../components/badge.js';

export function ProblemList({ problems }: { readonly problems: readonly InventoryProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ol className="problem-list" data-testid="problem-list">
      {problems.map((problem, index) => (
        <li
          // Two problems may share a location; their order is the server's and stable.
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
          key={index}
          className={`problem problem-${problem.severity}`}
          data-severity={problem.severity}
        >
          <div className="problem-head">
            <Badge tone={problem.severity === 'error' ? 'danger' : 'warning'}>
              {t(`inventory.problems.severity.${problem.severity}`)}
            </Badge>
            <code className="problem-location" data-testid="problem-location">
              {locationOf(problem)}
            </code>
            {problem.path !== '' && <code className="problem-path">{problem.path}</code>}
          </div>
          <p className="problem-message" lang="en">
            {problem.message}
          </p>
          {problem.expected !== undefined && (
            <p className="small">
              <span className="muted">{t('inventory.problems.expected')} </span>
              <span lang="en">{problem.expected}</span>
            </p>
          )}
          {problem.hint !== undefined && (
            <p className="small problem-hint">
              <span className="muted">{t('inventory.problems.hint')} </span>
              <span lang="en">{problem.hint}</span>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

/** `vms.yaml:12:5`; a problem about a whole file (line 0) names the file alone. */
export function locationOf(problem: Pick<InventoryProblem, 'file' | 'line' | 'column'>): string {
  if (problem.line <= 0) return problem.file;
  return `${problem.file}:${problem.line}:${problem.column}`;
}
