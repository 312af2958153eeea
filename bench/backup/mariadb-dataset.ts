/**
 * The bench's MariaDB database: a CMS's authors, articles and page views, generated with MariaDB's
 * sequence engine (`seq_1_to_N`) and arithmetic, so every build is identical; InnoDB, with indexes.
 */
import mysql from 'mysql2/promise';
import type { DatasetInfo, TableRowCount } from './postgres-dataset.js';

export interface MariadbServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

export const LOCAL_MARIADB: MariadbServer = { host: '127.0.0.1', port: 3306, user: 'root' };

const GENERATOR = 'vigie bench/backup mariadb v2';

async function withMariadb<T>(
  server: MariadbServer,
  work: (c: mysql.Connection) => Promise<T>,
  database?: string,
): Promise<T> {
  const connection = await mysql
    .createConnection({
      ...server,
      multipleStatements: true,
      ...(database === undefined ? {} : { database }),
    })
    .catch((error: unknown) => {
      throw new Error(
        `cannot connect to MariaDB ${server.user}@${server.host}:${server.port}: ${(error as Error).message} (is the server running?)`,
      );
    });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

function rowsFor(sizeMb: number) {
  return {
    authors: Math.max(50, Math.round(sizeMb * 38)),
    articles: Math.max(100, Math.round(sizeMb * 500)),
    pageViews: Math.max(500, Math.round(sizeMb * 3250)),
  };
}

export async function prepareMariadbDataset(
  server: MariadbServer,
  database: string,
  sizeMb: number,
  options: { readonly reuse: boolean; readonly log: (line: string) => void },
): Promise<DatasetInfo> {
  const name = quoteName(database);
  const label = `${GENERATOR}, ${sizeMb} MB`;
  const existing = await withMariadb(server, async (c) => {
    const [rows] = await c.query<mysql.RowDataPacket[]>(
      'SELECT SCHEMA_COMMENT AS label FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [database],
    );
    return rows[0]?.label as string | undefined;
  });
  const reused = options.reuse && existing === label;
  if (!reused) {
    options.log(`MariaDB: building ${database} (about ${sizeMb} MB)`);
    const n = rowsFor(sizeMb);
    await withMariadb(server, async (c) => {
      await c.query(
        `DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name} CHARACTER SET utf8mb4; USE ${name}`,
      );
      await c.query(`
        CREATE TABLE authors (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(120) NOT NULL,
          bio TEXT, created_at DATETIME NOT NULL) ENGINE=InnoDB;
        CREATE TABLE articles (id INT PRIMARY KEY, author_id INT NOT NULL, title VARCHAR(200) NOT NULL,
          slug VARCHAR(200) NOT NULL, body MEDIUMTEXT NOT NULL, published_at DATETIME NOT NULL, views INT NOT NULL,
          meta JSON, KEY articles_author (author_id), KEY articles_published (published_at)) ENGINE=InnoDB;
        CREATE TABLE page_views (id BIGINT PRIMARY KEY, article_id INT NOT NULL, viewed_at DATETIME NOT NULL,
          ip VARCHAR(45) NOT NULL, user_agent VARCHAR(200) NOT NULL, referrer VARCHAR(200),
          KEY page_views_article_time (article_id, viewed_at)) ENGINE=InnoDB`);
      await c.query(`INSERT INTO authors SELECT seq, CONCAT('Auteur ', seq), CONCAT('auteur', seq, '@exemple.fr'),
          REPEAT(CONCAT(ELT(1 + seq % 6, 'Journaliste', 'Rédactrice', 'Chargé de mission', 'Documentaliste', 'Stagiaire', 'Photographe'), ' en Provence. '), 1 + seq % 5),
          TIMESTAMP('2015-01-01') + INTERVAL seq * 3607 SECOND
        FROM seq_1_to_${n.authors}`);
      await c.query(`INSERT INTO articles SELECT seq, 1 + (seq * 7919) % ${n.authors},
          CONCAT(ELT(1 + seq % 8, 'Formation', 'Emploi', 'Apprentissage', 'Orientation', 'Métiers', 'Région', 'Alternance', 'Insertion'), ' : dossier n°', seq),
          CONCAT('dossier-', seq),
          CONCAT(REPEAT(CONCAT(ELT(1 + seq % 5, 'La formation professionnelle ', 'Les métiers du numérique ', 'L''apprentissage en région ', 'Les chiffres de l''emploi ', 'Les parcours d''insertion '), 'progresse dans les territoires de la région. '), 2 + seq % 7), MD5(seq)),
          TIMESTAMP('2018-01-01') + INTERVAL seq * 613 SECOND, (seq * 131) % 100000,
          JSON_OBJECT('lang', 'fr', 'tags', JSON_ARRAY(ELT(1 + seq % 4, 'emploi', 'formation', 'jeunes', 'territoires')), 'words', 100 + seq % 900)
        FROM seq_1_to_${n.articles}`);
      // By slices: one huge INSERT ... SELECT would hold a long transaction and a large undo log.
      const slice = 500_000;
      for (let from = 1; from <= n.pageViews; from += slice) {
        const to = Math.min(n.pageViews, from + slice - 1);
        await c.query(`INSERT INTO page_views SELECT seq, 1 + (seq * 104729) % ${n.articles},
            TIMESTAMP('2023-01-01') + INTERVAL seq * 2 SECOND,
            CONCAT('10.', (seq DIV 65536) % 256, '.', (seq DIV 256) % 256, '.', seq % 256),
            ELT(1 + (seq DIV 20) % 4, 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
              'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
              'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Mobile Safari/604.1',
              'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15'),
            IF(seq % 3 = 0, NULL, ELT(1 + seq % 4, 'https://www.google.fr/', 'https://www.qwant.com/', 'https://www.linkedin.com/', 'https://www.maregionsud.fr/'))
          FROM seq_${from}_to_${to}`);
      }
      await c.query(
        `ANALYZE TABLE authors, articles, page_views; ALTER DATABASE ${name} COMMENT = ${mysql.escape(label)}`,
      );
    });
  }
  return { database, reused, ...(await describeMariadb(server, database)) };
}

export async function describeMariadb(
  server: MariadbServer,
  database: string,
): Promise<{ logicalBytes: number; rows: TableRowCount[] }> {
  return withMariadb(
    server,
    async (c) => {
      const [sizes] = await c.query<mysql.RowDataPacket[]>(
        `SELECT TABLE_NAME AS name, DATA_LENGTH + INDEX_LENGTH AS bytes FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1`,
        [database],
      );
      const rows: TableRowCount[] = [];
      for (const table of sizes) {
        const [counted] = await c.query<mysql.RowDataPacket[]>(
          `SELECT COUNT(*) AS n FROM ${quoteName(String(table.name))}`,
        );
        rows.push({ table: String(table.name), rows: Number(counted[0]?.n ?? 0) });
      }
      return { logicalBytes: sizes.reduce((sum, table) => sum + Number(table.bytes), 0), rows };
    },
    database,
  );
}

export async function dropMariadbDatabases(server: MariadbServer, prefix: string): Promise<string[]> {
  return withMariadb(server, async (c) => {
    const [rows] = await c.query<mysql.RowDataPacket[]>(
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE LEFT(SCHEMA_NAME, ?) = ?',
      [prefix.length, prefix],
    );
    const names = rows.map((row) => String(row.name));
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${quoteName(name)}`);
    return names;
  });
}

function quoteName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(
      `database name "${name}": use lower-case letters, digits and _ only (e.g. vigie_bench_mariadb)`,
    );
  }
  return `\`${name}\``;
}
