import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from './did-you-mean.js';

describe('did you mean', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('memory', 'memroy')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a close candidate and nothing for a far one', () => {
    const fields = ['hypervisor', 'memory', 'vcpu', 'disks'];
    expect(didYouMean('hypervisr', fields)).toBe('did you mean "hypervisor"?');
    expect(didYouMean('Memory', fields)).toBe('did you mean "memory"?');
    expect(closestMatch('first-term-end', ['first_term_end', 'start'])).toBe('first_term_end');
    expect(didYouMean('colour', fields)).toBeUndefined();
    expect(didYouMean('vcpu', fields)).toBeUndefined();
  });
});
