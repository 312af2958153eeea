import { describe, expect, it } from 'vitest';
import {
  isInPrefix,
  isReservedInPrefix,
  parseDomain,
  parseEmail,
  parseInterfaceAddress,
  parseIpAddress,
  parseMac,
  parseNetworkPrefix,
  parsePhone,
  prefixesOverlap,
} from './addresses.js';

describe('IP addresses and prefixes', () => {
  it('reads addresses strictly and normalises IPv6', () => {
    expect(parseIpAddress('127.20.1.1')).toEqual({ ok: true, value: '127.20.1.1' });
    expect(parseIpAddress('0:0:0:0:0:0:0:1')).toEqual({ ok: true, value: '::1' });
    expect(parseIpAddress('127.1')).toMatchObject({ ok: false });
    expect(parseIpAddress('127.20.1.300')).toMatchObject({ ok: false });
    expect(parseIpAddress('127.20.1.1/24')).toMatchObject({
      ok: false,
      hint: 'write the address alone: 127.20.1.1',
    });
  });

  it('wants interface addresses with their prefix length', () => {
    expect(parseInterfaceAddress('127.20.1.11/24')).toEqual({ ok: true, value: '127.20.1.11/24' });
    expect(parseInterfaceAddress('127.20.1.11')).toMatchObject({
      ok: false,
      hint: expect.stringContaining('127.20.1.11/24'),
    });
    expect(parseInterfaceAddress('127.20.1.11/33')).toMatchObject({ ok: false });
  });

  it('wants network prefixes to start at their network address', () => {
    expect(parseNetworkPrefix('127.20.1.0/24')).toEqual({ ok: true, value: '127.20.1.0/24' });
    expect(parseNetworkPrefix('127.20.1.5/24')).toMatchObject({
      ok: false,
      hint: 'did you mean 127.20.1.0/24?',
    });
    expect(parseNetworkPrefix('fd00::/8')).toMatchObject({ ok: true });
  });

  it('knows containment, overlap and reserved addresses', () => {
    expect(isInPrefix('127.20.1.11/24', '127.20.1.0/24')).toBe(true);
    expect(isInPrefix('127.20.2.11', '127.20.1.0/24')).toBe(false);
    expect(isInPrefix('::1', '127.0.0.0/8')).toBe(false);
    expect(prefixesOverlap('127.20.0.0/16', '127.20.1.0/24')).toBe(true);
    expect(prefixesOverlap('127.20.1.0/24', '127.20.2.0/24')).toBe(false);
    expect(isReservedInPrefix('127.20.1.0', '127.20.1.0/24')).toBe(true);
    expect(isReservedInPrefix('127.20.1.255', '127.20.1.0/24')).toBe(true);
    expect(isReservedInPrefix('127.20.1.1', '127.20.1.0/24')).toBe(false);
    expect(isReservedInPrefix('127.20.1.0', '127.20.1.0/31')).toBe(false);
  });
});

describe('names and contacts', () => {
  it('reads domains, lowercased, and refuses URLs with a hint', () => {
    expect(parseDomain('Offre-Formation.gip-paca.test')).toEqual({
      ok: true,
      value: 'offre-formation.gip-paca.test',
    });
    expect(parseDomain('*.gip-paca.test')).toMatchObject({ ok: true });
    expect(parseDomain('localhost')).toMatchObject({ ok: false });
    expect(parseDomain('https://www.gip-paca.test/')).toMatchObject({
      ok: false,
      hint: 'write the domain alone: www.gip-paca.test',
    });
  });

  it('reads e-mail addresses, phones and MACs', () => {
    expect(parseEmail('Jane.Doe@Example.TEST')).toEqual({ ok: true, value: 'Jane.Doe@example.test' });
    expect(parseEmail('jane@')).toMatchObject({ ok: false });
    expect(parsePhone('+33 4 91 00 00 00')).toEqual({ ok: true, value: '+33491000000' });
    expect(parsePhone('04.91.00.00.00')).toEqual({ ok: true, value: '0491000000' });
    expect(parsePhone('call me')).toMatchObject({ ok: false });
    expect(parseMac('52-54-00-AB-CD-EF')).toEqual({ ok: true, value: '52:54:00:ab:cd:ef' });
  });
});
