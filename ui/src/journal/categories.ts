/** The journal's categories (as `src/journal/tables.ts` lists them) and the colour of each badge. */
import type { BadgeTone } from '../components/badge.js';

export const JOURNAL_CATEGORIES = [
  'incident',
  'maintenance',
  'update',
  'backup',
  'security',
  'support',
  'documentation',
  'meeting',
  'operation',
] as const;

/** Incidents and security events stand out; routine work stays quiet. */
export function categoryTone(category: string): BadgeTone {
  switch (category) {
    case 'incident':
    case 'security':
      return 'danger';
    case 'maintenance':
    case 'update':
      return 'info';
    case 'backup':
      return 'success';
    case 'support':
      return 'accent';
    default:
      return 'neutral';
  }
}
