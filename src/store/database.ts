/** The typed shape of Vigie's store: every domain's tables. */
import type { AuditTables } from '../audit/tables.js';
import type { AuthTables } from '../auth/tables.js';
import type { InventoryTables } from '../inventory/tables.js';
import type { JournalTables } from '../journal/tables.js';
import type { RemoteTables } from '../remote/tables.js';

export interface Database extends InventoryTables, AuthTables, AuditTables, RemoteTables, JournalTables {}

export type Dialect = 'sqlite' | 'postgres';
