import { describe, expect, it } from 'vitest';
import { readYaml } from './yaml-source.js';

const TEXT = `defaults: &web
  vcpu: 2
  memory: 4GiB
vms:
  - id: a
    <<: *web
    os: { family: debian, version: 12 }
    note:
  - id: b
`;

describe('readYaml positions', () => {
  const [document] = readYaml('x.yaml', TEXT).documents;
  const at = (path: (string | number)[], mode?: 'value' | 'key' | 'parent') => {
    const { line, column } = document?.locate(path, mode) ?? { line: -1, column: -1 };
    return `${line}:${column}`;
  };

  it('maps a path to its value, its key, or the mapping that holds it', () => {
    expect(at(['vms', 0, 'id'])).toBe('5:9');
    expect(at(['vms', 0, 'id'], 'key')).toBe('5:5');
    expect(at(['vms', 0, 'hypervisor'], 'parent')).toBe('5:5');
    expect(at(['vms', 1])).toBe('9:5');
  });

  it('finds values inside flow mappings', () => {
    expect(at(['vms', 0, 'os', 'version'])).toBe('7:36');
  });

  it('points an empty value at its key', () => {
    expect(at(['vms', 0, 'note'])).toBe('8:5');
  });

  it('follows merge keys to where the anchored value is written', () => {
    expect(at(['vms', 0, 'memory'])).toBe('3:11');
  });

  it('falls back to the nearest ancestor that exists', () => {
    expect(at(['vms', 0, 'disks', 0, 'size'])).toBe('5:5');
    expect(at(['vms', 7])).toBe('5:3');
  });

  it('reads merged data', () => {
    expect(document?.data).toMatchObject({ vms: [{ id: 'a', vcpu: 2, memory: '4GiB' }, { id: 'b' }] });
  });
});

describe('readYaml problems', () => {
  it('reads every document of a multi-document file', () => {
    const { documents, problems } = readYaml('m.yaml', 'vms: []\n---\nsites: []\n');
    expect(problems).toEqual([]);
    expect(documents.map((document) => document.data)).toEqual([{ vms: [] }, { sites: [] }]);
    expect(documents[1]?.locate(['sites'])).toEqual({ line: 3, column: 8 });
  });

  it('locates syntax errors and keeps no data from a broken document', () => {
    const { documents, problems } = readYaml('bad.yaml', 'vms:\n  - id: a\n    name: "unclosed\n');
    expect(documents).toEqual([]);
    expect(problems).toMatchObject([
      {
        severity: 'error',
        file: 'bad.yaml',
        line: 4,
        column: 1,
        path: '',
        message: 'YAML syntax: missing closing "quote',
      },
    ]);
  });

  it('refuses an alias bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefg'
        .split('')
        .map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefg'[index]}`).join(', ')}]`),
    ].join('\n');
    const { documents, problems } = readYaml('bomb.yaml', bomb);
    expect(documents).toEqual([]);
    expect(problems[0]?.message).toMatch(/cannot be read/);
  });
});
