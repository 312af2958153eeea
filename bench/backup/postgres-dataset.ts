/**
 * The bench's PostgreSQL database: a shop's customers, products, orders, order lines and web events,
 * generated in SQL (generate_series, arithmetic instead of random(), so every build is identical) with
 * text, numbers, timestamps, JSON and secondary indexes: data that compresses like real data does.
 */
import pg from 'pg';

export interface PgServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

export const LOCAL_PG: PgServer = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** What `--reuse` compares: a database built by another generator version or size is rebuilt. */
const GENERATOR = 'vigie bench/backup postgres v2';

export interface TableRowCount {
  readonly table: string;
  readonly rows: number;
}

export interface DatasetInfo {
  readonly database: string;
  /** pg_database_size / the tables' data and index length: what the server stores. */
  readonly logicalBytes: number;
  readonly rows: readonly TableRowCount[];
  readonly reused: boolean;
}

export async function withPg<T>(server: PgServer, database: string, work: (c: pg.Client) => Promise<T>) {
  const client = new pg.Client({ ...server, database, application_name: 'vigie-bench' });
  await client.connect().catch((error: unknown) => {
    throw new Error(
      `cannot connect to PostgreSQL ${server.user}@${server.host}:${server.port}/${database}: ${(error as Error).message} (is the server running?)`,
    );
  });
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Rows per MiB of the database, measured on this generator (tables and indexes together). */
function rowsFor(sizeMb: number) {
  return {
    customers: Math.max(100, Math.round(sizeMb * 510)),
    products: Math.max(50, Math.round(sizeMb * 23)),
    orders: Math.max(200, Math.round(sizeMb * 790)),
    events: Math.max(500, Math.round(sizeMb * 1920)),
  };
}

/** Creates the database (or keeps it with `reuse` when the same generator built it at the same size). */
export async function preparePostgresDataset(
  server: PgServer,
  database: string,
  sizeMb: number,
  options: { readonly reuse: boolean; readonly log: (line: string) => void },
): Promise<DatasetInfo> {
  const label = `${GENERATOR}, ${sizeMb} MB`;
  const existing = await withPg(server, 'postgres', async (c) => {
    const found = await c.query<{ label: string | null }>(
      'SELECT shobj_description(oid, $2) AS label FROM pg_database WHERE datname = $1',
      [database, 'pg_database'],
    );
    return found.rows[0];
  });
  const reused = options.reuse && existing?.label === label;
  if (!reused) {
    options.log(`PostgreSQL: building ${database} (about ${sizeMb} MB)`);
    await withPg(server, 'postgres', async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${quoteIdent(database)}`);
    });
    await withPg(server, database, (c) => generate(c, sizeMb));
    // The label last: a build that died half-way is never reused.
    await withPg(server, 'postgres', (c) =>
      c.query(`COMMENT ON DATABASE ${quoteIdent(database)} IS ${quoteLiteral(label)}`),
    );
  }
  return { database, reused, ...(await describePostgres(server, database)) };
}

async function generate(c: pg.Client, sizeMb: number): Promise<void> {
  const n = rowsFor(sizeMb);
  await c.query("SET synchronous_commit = off; SET maintenance_work_mem = '256MB'");
  await c.query(`
    CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, city text,
      country char(2), created_at timestamptz NOT NULL, profile jsonb);
    CREATE TABLE products (id int PRIMARY KEY, sku text NOT NULL, title text NOT NULL,
      price numeric(10,2) NOT NULL, description text);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, ordered_at timestamptz NOT NULL,
      status text NOT NULL, total numeric(12,2) NOT NULL, currency char(3) NOT NULL, shipping_address text,
      note text, updated_at timestamptz NOT NULL);
    CREATE TABLE order_lines (order_id bigint NOT NULL, line int NOT NULL, product_id int NOT NULL,
      quantity int NOT NULL, unit_price numeric(10,2) NOT NULL, PRIMARY KEY (order_id, line));
    CREATE TABLE events (id bigint PRIMARY KEY, customer_id int, occurred_at timestamptz NOT NULL,
      kind text NOT NULL, path text NOT NULL, payload jsonb NOT NULL)`);
  const cities = sqlArray([
    'Marseille',
    'Nice',
    'Toulon',
    'Aix-en-Provence',
    'Avignon',
    'Cannes',
    'Antibes',
    'Gap',
    'Digne-les-Bains',
    'Arles',
    'Fréjus',
    'Hyères',
    'Martigues',
    'Aubagne',
    'Salon-de-Provence',
    'Grasse',
  ]);
  const words = sqlArray([
    'livraison',
    'rapide',
    'emballage',
    'cadeau',
    'fragile',
    'retour',
    'garantie',
    'client',
    'fidèle',
    'remise',
    'stock',
    'commande',
    'urgent',
    'standard',
    'étage',
    'interphone',
    'digicode',
    'portail',
  ]);
  const streets = sqlArray([
    'rue de la République',
    'boulevard Michelet',
    'avenue du Prado',
    'cours Mirabeau',
    'rue Paradis',
    'chemin des Oliviers',
    'place Masséna',
    'quai du Port',
  ]);
  await c.query(`INSERT INTO customers
    SELECT i, 'Client ' || i || ' ' || (${words})[1 + i % 18],
      'client' || i || '@' || (ARRAY['exemple.fr','courriel.fr','mail.com','poste.net'])[1 + i % 4],
      (${cities})[1 + (i * 7) % 16], (ARRAY['FR','FR','FR','IT','ES','BE','CH'])[1 + i % 7],
      timestamptz '2019-01-01 00:00:00+00' + i * interval '97 seconds',
      jsonb_build_object('newsletter', i % 3 = 0, 'segment', (ARRAY['particulier','pro','association'])[1 + i % 3],
        'phone', '+33 6 ' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'), 'tags', jsonb_build_array((${words})[1 + i % 18], (${words})[1 + (i / 3) % 18]))
    FROM generate_series(1, ${n.customers}) i`);
  await c.query(`INSERT INTO products
    SELECT i, 'SKU-' || lpad(i::text, 7, '0'), initcap((${words})[1 + i % 18]) || ' ' || (${words})[1 + (i * 5) % 18] || ' n°' || i,
      round((5 + (i * 37) % 995 + (i % 100) / 100.0)::numeric, 2),
      repeat((${words})[1 + i % 18] || ' ', 3 + i % 12) || md5(i::text)
    FROM generate_series(1, ${n.products}) i`);
  await c.query(`INSERT INTO orders
    SELECT i, 1 + (i::bigint * 7919) % ${n.customers}, timestamptz '2021-01-01 00:00:00+00' + i * interval '41 seconds',
      (ARRAY['livrée','livrée','livrée','expédiée','payée','annulée','remboursée'])[1 + i % 7],
      round(((i * 131) % 50000 / 100.0 + 9.9)::numeric, 2), (ARRAY['EUR','EUR','EUR','CHF'])[1 + i % 4],
      (1 + i % 180) || ' ' || (${streets})[1 + i % 8] || ', ' || lpad((13000 + (i * 13) % 7000)::text, 5, '0') || ' ' || (${cities})[1 + i % 16],
      CASE WHEN i % 5 = 0 THEN (${words})[1 + i % 18] || ', ' || (${words})[1 + (i / 7) % 18] END,
      timestamptz '2021-01-01 00:00:00+00' + i * interval '41 seconds' + interval '2 days'
    FROM generate_series(1, ${n.orders}) i`);
  await c.query(`INSERT INTO order_lines
    SELECT o, l, 1 + (o * 31 + l * 17) % ${n.products}, 1 + (o + l) % 4, round((5 + (o * l * 37) % 995)::numeric, 2)
    FROM generate_series(1, ${n.orders}) o, generate_series(1, 1 + o % 4) l`);
  await c.query(`INSERT INTO events
    SELECT i, CASE WHEN i % 4 = 0 THEN NULL ELSE 1 + (i::bigint * 104729) % ${n.customers} END,
      timestamptz '2023-01-01 00:00:00+00' + i * interval '3 seconds',
      (ARRAY['page_view','page_view','page_view','search','add_to_cart','checkout','login'])[1 + i % 7],
      '/' || (ARRAY['produits','panier','compte','recherche','aide','commandes'])[1 + i % 6] || '/' || ((i * 7) % 5000),
      jsonb_build_object('session', substr(md5((i / 20)::text), 1, 16), 'browser',
        (ARRAY['Firefox 121','Chrome 120','Safari 17','Edge 120'])[1 + (i / 20) % 4],
        'duration_ms', (i * 37) % 4000, 'referrer', (ARRAY['https://www.google.fr/','https://www.qwant.com/','direct','newsletter'])[1 + (i / 20) % 4],
        'screen', (ARRAY['1920x1080','1366x768','390x844','1536x864'])[1 + (i / 20) % 4])
    FROM generate_series(1, ${n.events}) i`);
  await c.query(`
    CREATE INDEX customers_email ON customers (email);
    CREATE INDEX orders_customer ON orders (customer_id);
    CREATE INDEX orders_ordered_at ON orders (ordered_at);
    CREATE INDEX events_customer_time ON events (customer_id, occurred_at);
    CREATE INDEX events_kind ON events (kind);
    ANALYZE`);
}

/** The database's size on the server and an exact row count of every table. */
export async function describePostgres(
  server: PgServer,
  database: string,
): Promise<{ logicalBytes: number; rows: TableRowCount[] }> {
  return withPg(server, database, async (c) => {
    const size = await c.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    return { logicalBytes: Number(size.rows[0]?.bytes ?? 0), rows: await countPostgresRows(c) };
  });
}

/** Exact row counts of the database's own tables, by qualified name (as Vigie's catalog records them). */
export async function countPostgresRows(c: pg.Client): Promise<TableRowCount[]> {
  const tables = await c.query<{ name: string; qualified: string }>(
    `SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS qualified
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1`,
  );
  const counts: TableRowCount[] = [];
  for (const table of tables.rows) {
    const result = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.qualified}`);
    counts.push({ table: table.name, rows: Number(result.rows[0]?.n ?? 0) });
  }
  return counts;
}

/** The "small change" before the second backup: the newest 1 % of orders change status (as a shop's do). */
export async function changeRecentOrders(server: PgServer, database: string, round: number): Promise<number> {
  return withPg(server, database, async (c) => {
    const updated = await c.query(
      `UPDATE orders SET status = $1, updated_at = updated_at + interval '1 hour'
        WHERE id > (SELECT max(id) - greatest(1, count(*) / 100) FROM orders)`,
      [round % 2 === 0 ? 'livrée' : 'expédiée'],
    );
    return updated.rowCount ?? 0;
  });
}

/** Creates an empty database for a restore; the caller drops it. */
export async function createEmptyDatabase(server: PgServer, database: string): Promise<void> {
  await withPg(server, 'postgres', async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${quoteIdent(database)}`);
  });
}

export async function dropPostgresDatabases(server: PgServer, prefix: string): Promise<string[]> {
  return withPg(server, 'postgres', async (c) => {
    const found = await c.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1',
      [prefix],
    );
    for (const row of found.rows)
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(row.datname)} WITH (FORCE)`);
    return found.rows.map((row) => row.datname);
  });
}

export async function serverMajor(server: PgServer): Promise<number> {
  return withPg(server, 'postgres', async (c) => {
    const result = await c.query<{ num: string }>("SELECT current_setting('server_version_num') AS num");
    return Math.floor(Number(result.rows[0]?.num ?? 0) / 10_000);
  });
}

/** Bench database names are generated, but checked anyway before they reach SQL. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(
      `database name "${name}": use lower-case letters, digits and _ only (e.g. vigie_bench_pg)`,
    );
  }
  return `"${name}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqlArray(items: readonly string[]): string {
  return `ARRAY[${items.map(quoteLiteral).join(',')}]`;
}
