/** A few line icons for the navigation and headers, drawn inline so the app ships no icon font. */
import type { Section } from '../session/access.js';

export type IconName = Section | 'account' | 'logout' | 'refresh' | 'external';

const paths: Record<IconName, string> = {
  overview: 'M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  rack: 'M5 3h14v18H5zM8 7h8M8 11h8M8 15h8',
  hypervisors: 'M3 5h18v6H3zM3 13h18v6H3zM7 8h.01M7 16h.01',
  hosts: 'M4 4h16v12H4zM8 20h8M12 16v4',
  websites: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18',
  databases:
    'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  people:
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6',
  audit: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM8.5 12l2.5 2.5 4.5-5',
  inventory: 'M6 3h9l4 4v14H6zM14 3v5h5M9 13h7M9 17h5',
  drift: 'M12 3l9 16H3zM12 10v4M12 17h.01',
  updates: 'M12 3v12M7 10l5 5 5-5M4 21h16',
  capacity: 'M3 20h18M6 16l4-5 3 3 5-7M18 7h-3M18 7v3',
  monitoring: 'M3 12h4l3-7 4 14 3-7h4',
  // A database cylinder with a circular arrow: a copy to come back to.
  backups:
    'M3 5c0-1.4 3-2.5 7-2.5s7 1.1 7 2.5-3 2.5-7 2.5S3 6.4 3 5zM3 5v9c0 1.3 2.6 2.4 6 2.5M17 5v4M3 9.5c0 1.3 2.6 2.4 6 2.5M21 17a4 4 0 1 1-1.2-2.9M21 12.5v2.5h-2.5',
  journal: 'M5 4h12a2 2 0 0 1 2 2v14H7a2 2 0 0 1-2-2zM5 18a2 2 0 0 1 2-2h12M9 8h6M9 11h4',
  hostkeys: 'M8 15a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM12 11h9M18 11v3M21 11v2',
  users: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21v-1a8 8 0 0 1 16 0v1',
  account: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6.5 18.5a6 6 0 0 1 11 0',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h11',
  refresh: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  external: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
};

export function Icon({ name, size = 18 }: { readonly name: IconName; readonly size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={paths[name]} />
    </svg>
  );
}
