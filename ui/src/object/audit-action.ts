/** The tone and translation key of an audit action such as `inventory.change` or `auth.login_failed`. */
import type { BadgeTone } from '../components/badge.js';

const TONES: Readonly<Record<string, BadgeTone>> = {
  'inventory.add': 'success',
  'inventory.change': 'info',
  'inventory.remove': 'danger',
  'inventory.apply': 'accent',
  'auth.login_failed': 'warning',
  'user.disable': 'warning',
};

export function actionTone(action: string): BadgeTone {
  return TONES[action] ?? 'neutral';
}

/** `auth.login_failed` → `audit.action.auth_login_failed` (i18next reads dots as nesting). */
export function actionKey(action: string): string {
  return `audit.action.${action.replace(/\./g, '_')}`;
}
