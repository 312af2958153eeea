/** A link to an object's page, or plain text when the user cannot open that kind. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useObjects } from '../api/queries.js';
import { serviceLabelOf } from '../hosts/service-label.js';
import { canOpenKind } from '../session/access.js';
import { useSession } from '../session/session-context.js';
import { displayName } from '../spec/spec-access.js';

/** The path of an object's page. */
export function objectPath(kind: string, key: string): string {
  return `/objects/${encodeURIComponent(kind)}/${encodeURIComponent(key)}`;
}

interface ObjectLinkProps {
  readonly kind: string;
  readonly objectKey: string;
  /** The label; without it, the object's name as people know it (looked up in its kind's list). */
  readonly children?: ReactNode;
}

export function ObjectLink({ kind, objectKey, children }: ObjectLinkProps) {
  const { me } = useSession();
  const openable = me === null || canOpenKind(me, kind);
  const label = children ?? <ObjectName kind={kind} objectKey={objectKey} enabled={openable} />;
  if (!openable) return <span className="object-ref">{label}</span>;
  return (
    <Link className="object-ref" to={objectPath(kind, objectKey)}>
      {label}
    </Link>
  );
}

/** An object's display name (trade name, title, `name`...), its key until the list of its kind is loaded. */
export function ObjectName({
  kind,
  objectKey,
  enabled = true,
}: {
  readonly kind: string;
  readonly objectKey: string;
  readonly enabled?: boolean;
}) {
  const objects = useObjects(kind, enabled);
  const found = objects.data?.find((object) => object.key === objectKey);
  if (found === undefined) return <>{objectKey}</>;
  return <>{kind === 'service' ? serviceLabelOf(found) : displayName(found)}</>;
}
