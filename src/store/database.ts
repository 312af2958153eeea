/** The typed shape of Vigie's store: every domain's tables. */
import type { AlertingTables } from '../alerting/tables.js';
import type { AuditTables } from '../audit/tables.js';
import type { AuthTables } from '../auth/tables.js';
import type { BackupTables } from '../backup/tables.js';
import type { FactsTables } from '../facts/tables.js';
import type { InventoryTables } from '../inventory/tables.js';
import type { JournalTables } from '../journal/tables.js';
import type { MetricsTables } from '../metrics/tables.js';
import type { MonitoringTables } from '../monitoring/tables.js';
import type { RemoteTables } from '../remote/tables.js';
import type { UpdatesTables } from '../updates/tables.js';

export interface Database
  extends InventoryTables,
    AuthTables,
    AuditTables,
    RemoteTables,
    JournalTables,
    FactsTables,
    MetricsTables,
    UpdatesTables,
    MonitoringTables,
    AlertingTables,
    BackupTables {}

export type Dialect = 'sqlite' | 'postgres';
