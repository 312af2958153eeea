import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorsOf, loadWith, summaries } from '../../test/support/inventory-sources.js';
import { loadInventory } from './load.js';
import { isInPrefix } from './schema/addresses.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/gip-paca');

describe('the gip-paca example', () => {
  it('loads without errors or warnings', async () => {
    const result = await loadInventory([EXAMPLE]);
    expect(result.ok ? [] : summaries(result.errors)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('declares the mission rack, normalised, with sources relative to its directory', async () => {
    const result = await loadInventory([EXAMPLE]);
    if (!result.ok) throw new Error('example invalid');
    const keys = (kind: string) =>
      result.objects.filter((object) => object.kind === kind).map((object) => object.key);
    expect(keys('vm')).toEqual(['db03', 'host03', 'host04']);
    expect(keys('device')).toEqual(expect.arrayContaining(['ecwan', 'virtualwan03', 'virtualwan04']));
    expect(keys('website').length).toBeGreaterThanOrEqual(5);
    const db03 = result.objects.find((object) => object.kind === 'vm' && object.key === 'db03');
    expect(db03?.source).toBe('vms.yaml:6:5');
    expect(db03?.spec).toMatchObject({
      hypervisor: 'virtualwan03',
      memory: 32 * 2 ** 30,
      os: { family: 'debian', version: '12' },
    });
    expect(db03?.spec).not.toHaveProperty('id');
    const ipsec = result.objects.find((object) => object.key === 'ecwan-ipsec');
    expect(ipsec?.spec).toMatchObject({
      host: 'ecwan',
      host_kind: 'device',
      ports: [
        { port: 500, protocol: 'udp' },
        { port: 4500, protocol: 'udp' },
      ],
    });
    const contract = result.objects.find((object) => object.kind === 'contract');
    expect(contract?.spec).toMatchObject({ renewal: { period: 12, max_renewals: 3, notice: 30 * 86_400 } });
  });

  it("uses the rack lab's never-routed addresses (198.18.0.0/16) and .test domains only", () => {
    for (const name of fs.readdirSync(EXAMPLE)) {
      const text = fs.readFileSync(path.join(EXAMPLE, name), 'utf8');
      for (const address of text.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? []) {
        expect(isInPrefix(address, '198.18.0.0/16'), `${name}: ${address}`).toBe(true);
      }
      for (const domain of text.match(/\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(fr|com|org|net|eu|io)\b/g) ?? []) {
        expect.fail(`${name} names a real domain: ${domain}`);
      }
    }
  });
});

// Five different mistakes in one file, on lines and columns this test knows.
const FIVE_MISTAKES = `vms:
  - id: web2
    hypervisor: hv1
    vcpu: four
    memory: 16 GB
    disks: [{ name: vda, size: 20GiB }]
    os: { family: debian, version: 12 }
    colour: blue
  - id: web3
    hypervisor: hv9
    vcpu: 1
    memory: 1GiB
    disks: [{ name: vda, size: 20GiB }]
    os: { family: debian, version: 12 }
  - id: web1
    hypervisor: hv1
    vcpu: 1
    memory: 1GiB
    disks: [{ name: vda, size: 20GiB }]
    os: { family: debian, version: 12 }
`;

describe('a file with five different mistakes', () => {
  const errors = errorsOf(loadWith({ 'mistakes.yaml': FIVE_MISTAKES }));

  it('gets exactly five errors, each located, with a path, an expectation and a hint', () => {
    expect(errors.map((error) => `${error.file}:${error.line}:${error.column} ${error.path}`)).toEqual([
      'mistakes.yaml:4:11 vms[0].vcpu',
      'mistakes.yaml:5:13 vms[0].memory',
      'mistakes.yaml:8:5 vms[0].colour',
      'mistakes.yaml:10:17 vms[1].hypervisor',
      'mistakes.yaml:15:9 vms[2].id',
    ]);
    for (const error of errors) {
      expect(error.expected, error.message).toBeTruthy();
      expect(error.hint, error.message).toBeTruthy();
    }
  });

  it('says what is wrong in each', () => {
    const [vcpu, memory, colour, hypervisor, duplicate] = errors;
    expect(vcpu).toMatchObject({
      message: '"four" is text, not a whole number of vCPUs',
      hint: 'write digits only, e.g. vcpu: 1',
    });
    expect(memory).toMatchObject({
      message: '"16 GB" is not a size',
      expected: 'a size such as 16GiB or 512MiB',
    });
    expect(colour).toMatchObject({
      message: 'unknown field "colour" in a VM',
      expected: expect.stringContaining('hypervisor'),
    });
    expect(hypervisor?.message).toBe(
      'VM "web3" refers to hypervisor "hv9", which is not declared; declared hypervisors: hv1',
    );
    expect(hypervisor?.hint).toBe('did you mean "hv1"?');
    expect(duplicate?.message).toBe('duplicate VM id "web1": already declared at vms.yaml:6:5');
  });
});

describe('problems are all reported at once', () => {
  it('reports errors of several files, syntax and schema alike, in file order', () => {
    const result = loadWith({
      'broken.yaml': 'vms:\n  - id: a\n   vcpu: 2\n',
      'zeta.yaml': 'networks:\n  - id: lan2\n    prefix: 127.30.2.5/24\n',
      'alpha.yaml': 'sites:\n  - id: s2\n    nmae: Second site\n',
    });
    const byFile = summaries(errorsOf(result));
    expect(byFile[0]).toBe('broken.yaml:3:1 : YAML syntax: sequence item without - indicator');
    expect(byFile.slice(1)).toEqual([
      'zeta.yaml:3:13 networks[0].prefix: "127.30.2.5/24" has host bits set',
      'alpha.yaml:2:5 sites[0].name: required field "name" is missing',
      'alpha.yaml:3:5 sites[0].nmae: unknown field "nmae" in a site',
    ]);
  });

  it('keeps validating a file whose only syntax problem is a duplicate key', () => {
    const errors = errorsOf(
      loadWith({ 'extra.yaml': 'sites:\n  - id: s2\n    name: A\n    name: B\n    oops: 1\n' }),
    );
    expect(summaries(errors)).toEqual([
      'extra.yaml:4:5 : YAML syntax: map keys must be unique',
      'extra.yaml:5:5 sites[0].oops: unknown field "oops" in a site',
    ]);
  });

  it('reports a reserved section with its own message and an unknown one with a suggestion', () => {
    const errors = errorsOf(loadWith({ 'future.yaml': 'firewall_rules:\n  - id: nightly\nwebsite: []\n' }));
    expect(errors).toMatchObject([
      {
        line: 1,
        column: 1,
        path: 'firewall_rules',
        message: 'section "firewall_rules" is not supported by this version of Vigie yet',
      },
      {
        line: 3,
        column: 1,
        path: 'website',
        message: 'unknown section "website"',
        hint: 'did you mean "websites"?',
      },
    ]);
  });

  it('refuses a singleton declared in two files, naming both', () => {
    const errors = errorsOf(
      loadWith({
        'more.yaml':
          'contract:\n  id: second\n  customer: example-customer\n  provider: example-provider\n  start: 2026-01-01\n  first_term_end: 2026-06-30\n  monthly_fee: { amount: 10 }\n  vat_rate: 20\n  renewal: { tacit: false, period: 1y, max_renewals: 0, notice: 30d }\n',
      }),
    );
    expect(summaries(errors)).toEqual([
      'more.yaml:2:7 contract.id: the contract is declared twice; it was already declared at contract.yaml:6:3',
    ]);
  });

  it('locates a missing field at the mapping that lacks it, and an empty value at its key', () => {
    const errors = errorsOf(loadWith({ 'gaps.yaml': 'racks:\n  - id: rack-2\n    height:\n' }));
    expect(summaries(errors)).toEqual([
      'gaps.yaml:2:5 racks[0].site: required field "site" is missing',
      'gaps.yaml:3:5 racks[0].height: "height" has no value',
    ]);
  });

  it('explains a file that is not a mapping', () => {
    const errors = errorsOf(loadWith({ 'list.yaml': '- id: a\n' }));
    expect(errors).toMatchObject([
      { file: 'list.yaml', line: 1, column: 1, message: 'the file holds a list, not a mapping of sections' },
    ]);
  });

  it('accepts empty files and files of comments', () => {
    expect(loadWith({ 'empty.yaml': '', 'comments.yaml': '# nothing yet\n' }).ok).toBe(true);
  });
});

describe('loadInventory on disk', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
  });

  function inventoryDirectory(files: Readonly<Record<string, string>>): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-inventory-'));
    directories.push(directory);
    for (const [name, content] of Object.entries(files))
      fs.writeFileSync(path.join(directory, name), content);
    return directory;
  }

  it('reads the .yaml and .yml files of a directory in name order, naming them as the path was typed', async () => {
    const directory = inventoryDirectory({
      'b.yml': 'sites:\n  - id: s1\n    nmae: x\n',
      'a.yaml': 'sites:\n  - id: s0\n    nmae: x\n',
      'notes.txt': 'not: [yaml',
      '.hidden.yaml': 'not: [yaml',
    });
    const typed = path.relative(process.cwd(), directory);
    const result = await loadInventory([typed]);
    const files = errorsOf(result)
      .filter((error) => error.line > 0)
      .map((error) => error.file);
    expect([...new Set(files)]).toEqual([path.join(typed, 'a.yaml'), path.join(typed, 'b.yml')]);
  });

  it('reports a missing path and still validates the others', async () => {
    const directory = inventoryDirectory({ 'a.yaml': 'sites:\n  - id: s0\n    nmae: x\n' });
    const missing = path.join(directory, 'nope.yaml');
    const result = await loadInventory([missing, path.join(directory, 'a.yaml')]);
    expect(errorsOf(result)[0]).toMatchObject({
      file: missing,
      line: 0,
      message: 'no such file or directory',
    });
    expect(errorsOf(result).some((error) => error.path === 'sites[0].nmae')).toBe(true);
  });

  it('reports a directory without inventory files', async () => {
    const directory = inventoryDirectory({ 'readme.md': '# nothing' });
    expect(errorsOf(await loadInventory([directory]))).toMatchObject([
      { file: directory, message: expect.stringContaining('no .yaml') },
    ]);
  });
});
