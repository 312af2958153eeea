/** The frame of every page behind the login: top bar, navigation, and the page itself. */
import { Outlet } from 'react-router';
import { SideNav } from './side-nav.js';
import { TopBar } from './top-bar.js';

export function Layout() {
  return (
    <div className="layout">
      <TopBar />
      <div className="layout-body">
        <SideNav />
        <main className="content" id="main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
