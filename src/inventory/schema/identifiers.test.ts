import { describe, expect, it } from 'vitest';
import {
  frenchVatKey,
  ibanRemainder,
  luhnValid,
  parseApe,
  parseBic,
  parseIban,
  parseSiret,
  parseVatNumber,
} from './identifiers.js';

describe('SIRET', () => {
  it('accepts a number whose Luhn key is right, spaces or not', () => {
    expect(parseSiret('842 135 758 00014')).toEqual({ ok: true, value: '84213575800014' });
    expect(parseSiret('84213575800014')).toEqual({ ok: true, value: '84213575800014' });
  });

  it('refuses a mistyped digit, a wrong length, and letters', () => {
    expect(parseSiret('842 135 758 00015')).toMatchObject({
      ok: false,
      message: expect.stringContaining('check key'),
    });
    expect(parseSiret('842135758')).toMatchObject({ ok: false, hint: expect.stringContaining('SIREN') });
    expect(parseSiret('8421357580001X')).toMatchObject({ ok: false });
  });

  it("accepts La Poste's establishments, which follow a digit-sum rule instead of Luhn", () => {
    const laPoste = '35600000012345'.slice(0, 13);
    const key = [...Array(10).keys()].find(
      (digit) => [...`${laPoste}${digit}`].reduce((s, d) => s + Number(d), 0) % 5 === 0,
    );
    const siret = `${laPoste}${key}`;
    expect(luhnValid(siret)).toBe(false);
    expect(parseSiret(siret)).toEqual({ ok: true, value: siret });
  });
});

describe('VAT numbers', () => {
  it('checks the key of French numbers against their SIREN', () => {
    expect(frenchVatKey('842135758')).toBe('91');
    expect(parseVatNumber('FR 91 842135758')).toEqual({ ok: true, value: 'FR91842135758' });
    expect(parseVatNumber('FR40303265045')).toEqual({ ok: true, value: 'FR40303265045' });
    expect(parseVatNumber('FR92842135758')).toMatchObject({
      ok: false,
      hint: expect.stringContaining('FR91842135758'),
    });
  });

  it('accepts other EU numbers by shape', () => {
    expect(parseVatNumber('DE123456789')).toEqual({ ok: true, value: 'DE123456789' });
    expect(parseVatNumber('12345')).toMatchObject({ ok: false });
  });
});

describe('IBAN and BIC', () => {
  it('accepts an IBAN whose mod-97 key is right, stored without spaces', () => {
    expect(parseIban('FR76 1254 8029 9804 5123 6780 123')).toEqual({
      ok: true,
      value: 'FR7612548029980451236780123',
    });
    expect(parseIban('fr7630006000011234567890189')).toEqual({
      ok: true,
      value: 'FR7630006000011234567890189',
    });
    expect(ibanRemainder('FR7630006000011234567890189')).toBe(1);
  });

  it('refuses a mistyped IBAN and one of the wrong length', () => {
    expect(parseIban('FR76 1254 8029 9804 5123 6780 124')).toMatchObject({
      ok: false,
      message: expect.stringContaining('mod 97'),
    });
    expect(parseIban('FR76 1254 8029 9804 5123 6780 12')).toMatchObject({
      ok: false,
      message: expect.stringContaining('27'),
    });
    expect(parseIban('not an iban')).toMatchObject({ ok: false });
  });

  it('accepts BICs of 8 and 11 characters', () => {
    expect(parseBic('agrifrpp')).toEqual({ ok: true, value: 'AGRIFRPP' });
    expect(parseBic('AGRIFRPP882')).toEqual({ ok: true, value: 'AGRIFRPP882' });
    expect(parseBic('AGRI-FR')).toMatchObject({ ok: false });
  });

  it('normalises APE codes', () => {
    expect(parseApe('62.02a')).toEqual({ ok: true, value: '6202A' });
    expect(parseApe('6202')).toMatchObject({ ok: false });
  });
});
