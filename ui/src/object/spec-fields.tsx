/** An object's spec laid out for reading: labelled fields, nested groups, lists as tables, references as links. */
import { useTranslation } from 'react-i18next';
import type { Relation, Spec } from '../api/types.js';
import { ObjectLink } from '../components/object-link.js';
import { useFormat } from '../format/use-format.js';
import { enumLabel } from './enum-label.js';
import { fieldLabel } from './field-label.js';
import { orderedEntries } from './field-order.js';
import { formatScalar, isMoney } from './value-format.js';

interface SpecFieldsProps {
  readonly spec: Spec;
  /** Outgoing references: a value that names one becomes a link. */
  readonly references: readonly Relation[];
}

/** `disks[0].storage` and `disks.storage` both match the relation path `disks.storage` or `disks[].storage`. */
function normalisePath(path: string): string {
  return path.replace(/\[\d*\]/g, '');
}

export function SpecFields({ spec, references }: SpecFieldsProps) {
  const linkOf = new Map(
    references.map((relation) => [`${normalisePath(relation.relation)}|${relation.key}`, relation]),
  );
  return <FieldGroup value={spec} path="" linkOf={linkOf} depth={0} />;
}

interface NodeProps {
  readonly path: string;
  readonly linkOf: ReadonlyMap<string, Relation>;
  readonly depth: number;
}

function FieldGroup({ value, path, linkOf, depth }: NodeProps & { readonly value: Spec }) {
  const { t } = useTranslation();
  const entries = orderedEntries(value).filter(([, child]) => child !== undefined && child !== null);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className={depth === 0 ? 'fields' : 'fields nested'}>
      {entries.map(([name, child]) => {
        const childPath = path === '' ? name : `${path}.${name}`;
        return (
          <div key={name} className="field-row">
            <dt>{fieldLabel(t, name)}</dt>
            <dd>
              <FieldValue value={child} path={childPath} linkOf={linkOf} depth={depth + 1} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function FieldValue({ value, path, linkOf, depth }: NodeProps & { readonly value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">—</span>;
    if (value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) {
      return <ObjectList items={value as Spec[]} path={path} linkOf={linkOf} depth={depth} />;
    }
    return (
      <ul className="chips">
        {value.map((item, index) => (
          // Lists of scalars may repeat a value; the index keeps keys unique.
          // biome-ignore lint/suspicious/noArrayIndexKey: positions are stable for a rendered spec
          <li key={index}>
            <Scalar value={item} path={path} linkOf={linkOf} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object' && value !== null && !isMoney(value)) {
    return <FieldGroup value={value as Spec} path={path} linkOf={linkOf} depth={depth} />;
  }
  return <Scalar value={value} path={path} linkOf={linkOf} />;
}

/** A list of objects: a table when they share scalar fields (disks, interfaces), else one group each. */
function ObjectList({ items, path, linkOf, depth }: NodeProps & { readonly items: readonly Spec[] }) {
  const { t } = useTranslation();
  const columns = [...new Set(items.flatMap((item) => orderedEntries(item).map(([name]) => name)))];
  const flat = items.every((item) =>
    Object.values(item).every((v) => typeof v !== 'object' || v === null || isScalarList(v)),
  );
  if (!flat || columns.length > 6) {
    return (
      <ol className="object-list">
        {items.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positions are stable for a rendered spec
          <li key={index}>
            <FieldGroup value={item} path={`${path}[${index}]`} linkOf={linkOf} depth={depth} />
          </li>
        ))}
      </ol>
    );
  }
  return (
    <table className="table compact inner">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column}>{fieldLabel(t, column)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positions are stable for a rendered spec
          <tr key={index}>
            {columns.map((column) => (
              <td key={column}>
                <FieldValue
                  value={item[column]}
                  path={`${path}[${index}].${column}`}
                  linkOf={linkOf}
                  depth={depth + 1}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function isScalarList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null);
}

function Scalar({
  value,
  path,
  linkOf,
}: {
  readonly value: unknown;
  readonly path: string;
  readonly linkOf: ReadonlyMap<string, Relation>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (value === undefined || value === null) return <span className="muted">—</span>;
  if (typeof value === 'string') {
    const relation = linkOf.get(`${normalisePath(path)}|${value}`);
    if (relation !== undefined) {
      return (
        <ObjectLink kind={relation.kind} objectKey={relation.key}>
          {relation.name === undefined || relation.name === relation.key ? undefined : relation.name}
        </ObjectLink>
      );
    }
  }
  const text =
    (typeof value === 'string' ? enumLabel(t, path, value) : undefined) ??
    formatScalar(format, path, value, { yes: t('common.yes'), no: t('common.no') });
  const raw = typeof value === 'number' && text !== String(value) ? String(value) : undefined;
  const className =
    typeof value === 'number' ? 'value numeric-value' : looksTechnical(value) ? 'value mono' : 'value';
  return (
    <span className={className} title={raw}>
      {text}
    </span>
  );
}

/** Addresses, domains, paths and identifiers read better in a fixed-width font. */
function looksTechnical(value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  const ip = /^[\d.]+(\/\d{1,2})?$/.test(value) && value.includes('.');
  const ipv6 = /^[\da-f:]+(\/\d{1,3})?$/i.test(value) && value.includes(':');
  const path = value.startsWith('/');
  const domain = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value) && /[a-z]/i.test(value) && !/^\d/.test(value);
  const mac = /^([\da-f]{2}:){5}[\da-f]{2}$/i.test(value);
  const code = /^(FR\d{2}|[A-Z]{4}FR)/.test(value) || /^\d{9,14}$/.test(value);
  return ip || ipv6 || path || domain || mac || code;
}
