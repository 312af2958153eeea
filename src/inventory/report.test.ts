import { describe, expect, it } from 'vitest';
import { errorsOf, loadWith } from '../../test/support/inventory-sources.js';
import { countLine, formatProblems } from './report.js';

describe('formatProblems', () => {
  it('prints one compiler-like block per problem and a count line', () => {
    const result = loadWith({
      'vms-extra.yaml':
        'vms:\n  - id: web2\n    hypervisor: hv1\n    vcpu: 1\n    memory: 16 GB\n    disks: [{ name: vda, size: 1GiB }]\n    os: { family: debian, version: 12 }\n',
      'web-extra.yaml':
        'websites:\n  - { id: w2, domains: [w2.example.test], host: web1, service: web1-nginx, tls: { mode: none } }\n',
    });
    const text = formatProblems([...errorsOf(result), ...result.warnings]);
    expect(text).toBe(
      [
        'vms-extra.yaml:5:13 error vms[0].memory: "16 GB" is not a size',
        '  expected: a size such as 16GiB or 512MiB',
        '  hint: write 16GiB (binary, 1024-based) or 16GB (decimal), without a space',
        '',
        'web-extra.yaml:2:5 warning websites[0]: the website w2 has no files to back up',
        '  hint: give it a document_root, or list backup.paths',
        '',
        'web-extra.yaml:2:89 warning websites[0].tls.mode: website "w2" is served without TLS',
        '  hint: browsers mark plain-HTTP sites as not secure; use mode: acme for automatic certificates',
        '',
        '1 error, 2 warnings in 2 files',
      ].join('\n'),
    );
  });

  it('prints whole-inventory problems without a position', () => {
    const text = formatProblems([
      { severity: 'error', file: 'inv', line: 0, column: 0, path: '', message: 'no customer is declared' },
    ]);
    expect(text).toBe('inv error no customer is declared\n\n1 error, 0 warnings in 1 file');
  });

  it('counts', () => {
    expect(countLine([])).toBe('no problems');
  });
});
