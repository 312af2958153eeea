/** Who is making a request or running a command, as every domain sees it. */
import type { Role } from './roles.js';

export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  /** The inventory person this account stands for, if any (scopes what a developer sees). */
  readonly personKey: string | null;
  readonly locale: 'fr' | 'en';
  readonly via: 'session' | 'token';
}

/** The actor string written to the audit trail and the journal, e.g. `user:alice` or `cli:root`. */
export type Actor = string;

export function actorOf(principal: Principal): Actor {
  return `user:${principal.username}`;
}
