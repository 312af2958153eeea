/** The typed shape of Vigie's store: every domain's tables. */
import type { AuditTables } from '../audit/tables.js';
import type { AuthTables } from '../auth/tables.js';
import type { InventoryTables } from '../inventory/tables.js';

export interface Database extends InventoryTables, AuthTables, AuditTables {}

export type Dialect = 'sqlite' | 'postgres';
