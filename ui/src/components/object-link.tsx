/** A link to an object's page, or plain text when the user cannot open that kind. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { canOpenKind } from '../session/access.js';
import { useSession } from '../session/session-context.js';

/** The path of an object's page. */
export function objectPath(kind: string, key: string): string {
  return `/objects/${encodeURIComponent(kind)}/${encodeURIComponent(key)}`;
}

interface ObjectLinkProps {
  readonly kind: string;
  readonly objectKey: string;
  readonly children?: ReactNode;
}

export function ObjectLink({ kind, objectKey, children }: ObjectLinkProps) {
  const { me } = useSession();
  const label = children ?? objectKey;
  if (me !== null && !canOpenKind(me, kind)) return <span className="object-ref">{label}</span>;
  return (
    <Link className="object-ref" to={objectPath(kind, objectKey)}>
      {label}
    </Link>
  );
}
