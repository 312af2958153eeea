import { describe, expect, it } from 'vitest';
import { SqlRowCounter } from './sql-row-counter.js';

function count(text: string, chunkSize = text.length): Array<{ table: string; rows: number }> {
  const counter = new SqlRowCounter();
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunkSize) counter.push(bytes.subarray(i, i + chunkSize));
  return counter.counts();
}

const DUMP = [
  '-- MariaDB dump 10.19',
  '/*!40101 SET NAMES utf8mb4 */;',
  'CREATE TABLE `posts` (',
  "  `title` varchar(200) DEFAULT 'a (b), c',",
  '  PRIMARY KEY (`id`)',
  ') ENGINE=InnoDB;',
  'LOCK TABLES `posts` WRITE;',
  "INSERT INTO `posts` VALUES (1,'Bonjour (le monde)',NULL),(2,'l\\'été; \\\\ (',0x2829),(3,'),(',3.5);",
  "INSERT INTO `posts` VALUES (4,'suite\nsur deux lignes',NULL);",
  'UNLOCK TABLES;',
  'INSERT INTO `we``ird` VALUES (1),(2);',
  'INSERT INTO `par_ligne` VALUES',
  "(1,'a'),",
  "(2,'b\\\\'),",
  '(3,NULL);',
  '-- Dump completed on 2026-11-28 16:40:00',
  '',
].join('\n');

describe('SqlRowCounter', () => {
  it('counts rows per table through quotes, escapes, parentheses and new lines inside strings', () => {
    expect(count(DUMP)).toEqual([
      { table: 'par_ligne', rows: 3 },
      { table: 'posts', rows: 4 },
      { table: 'we`ird', rows: 2 },
    ]);
  });

  it('gives the same counts whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 7, 64]) expect(count(DUMP, size)).toEqual(count(DUMP));
  });

  it('lists declared tables that hold no rows with 0', () => {
    const counter = new SqlRowCounter();
    counter.declareTables(['empty', 'posts']);
    counter.push(Buffer.from("INSERT INTO `posts` VALUES (1,'x');\n"));
    expect(counter.counts()).toEqual([
      { table: 'empty', rows: 0 },
      { table: 'posts', rows: 1 },
    ]);
  });
});
