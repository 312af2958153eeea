/** Route guards: pages behind the login, and sections the user's role opens. */
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/query-view.js';
import { ForbiddenPage } from '../pages/forbidden-page.js';
import { canSee, type Section } from '../session/access.js';
import { useSession } from '../session/session-context.js';

/** Renders the nested routes for a logged-in user; otherwise sends them to the login page and back. */
export function RequireSession() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') {
    return (
      <div className="full-page-loading">
        <Loading />
      </div>
    );
  }
  if (status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return <Outlet />;
}

/** Renders `children` when the user's role opens `section`, the 403 page otherwise. */
export function RequireSection({
  section,
  children,
}: {
  readonly section: Section;
  readonly children: ReactNode;
}) {
  const { me } = useSession();
  if (me === null || !canSee(me, section)) return <ForbiddenPage />;
  return <>{children}</>;
}
