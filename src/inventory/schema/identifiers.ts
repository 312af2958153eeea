/** Legal and banking identifiers with their check keys: SIRET, APE code, VAT number, IBAN, BIC. */
import { checkedText, type ParseOutcome, parsed, quote, refused } from './common.js';

/** True when the digits pass the Luhn check used by SIREN and SIRET numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// La Poste's establishments share one SIREN and do not follow Luhn; INSEE checks their digit sum instead.
const LA_POSTE_SIREN = '356000000';

/** Reads a SIRET (14 digits, spaces allowed), checking its key. */
export function parseSiret(text: string): ParseOutcome<string> {
  const digits = text.replace(/\s+/g, '');
  if (!/^\d+$/.test(digits)) return refused(`${quote(text)} is not a SIRET number`, 'a SIRET has 14 digits');
  if (digits.length !== 14) {
    const hint =
      digits.length === 9
        ? 'this looks like a SIREN (9 digits); add the 5-digit establishment number (NIC)'
        : 'a SIRET has 14 digits';
    return refused(`${quote(text)} has ${digits.length} digits, not 14`, hint);
  }
  const laPosteValid =
    digits.startsWith(LA_POSTE_SIREN) && [...digits].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  if (!luhnValid(digits) && !laPosteValid) {
    return refused(
      `${quote(text)} fails the SIRET check key`,
      'a digit is probably mistyped; copy it from the Kbis or annuaire-entreprises.data.gouv.fr',
    );
  }
  return parsed(digits);
}

/** Reads an APE (NAF) code such as `6202A` or `62.02A`, stored as `6202A`. */
export function parseApe(text: string): ParseOutcome<string> {
  const match = /^(\d{2})\.?(\d{2})([A-Za-z])$/.exec(text.trim());
  if (match) return parsed(`${match[1]}${match[2]}${(match[3] ?? '').toUpperCase()}`);
  return refused(`${quote(text)} is not an APE code`, 'an APE code is four digits and a letter, e.g. 6202A');
}

/** The two-digit key of a French VAT number computed from its SIREN. */
export function frenchVatKey(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return String(key).padStart(2, '0');
}

/** Reads an intra-community VAT number; French ones (`FR` + key + SIREN) get their key checked. */
export function parseVatNumber(text: string): ParseOutcome<string> {
  const compact = text.replace(/[\s.-]+/g, '').toUpperCase();
  if (compact.startsWith('FR')) {
    const match = /^FR([0-9A-Z]{2})(\d{9})$/.exec(compact);
    if (!match)
      return refused(
        `${quote(text)} is not a French VAT number`,
        'FR, a 2-character key, then the 9-digit SIREN',
      );
    const [key, siren] = [match[1] ?? '', match[2] ?? ''];
    if (/^\d{2}$/.test(key) && key !== frenchVatKey(siren)) {
      return refused(
        `${quote(text)} has a wrong key for SIREN ${siren}`,
        `the key for this SIREN is ${frenchVatKey(siren)}: FR${frenchVatKey(siren)}${siren}`,
      );
    }
    return parsed(compact);
  }
  if (/^[A-Z]{2}[0-9A-Z]{2,13}$/.test(compact)) return parsed(compact);
  return refused(`${quote(text)} is not a VAT number`, 'a country code then digits, e.g. FR40303265045');
}

const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  FR: 27,
  MC: 27,
  DE: 22,
  BE: 16,
  LU: 20,
  CH: 21,
  IT: 27,
  ES: 24,
  PT: 25,
  NL: 18,
  GB: 22,
  IE: 22,
  AT: 20,
};

/** The remainder of an IBAN's rearranged digits divided by 97 (1 for a valid IBAN). */
export function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const value = character >= 'A' ? character.charCodeAt(0) - 55 : Number(character);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** Reads an IBAN (spaces allowed), checking its length and mod-97 key; stored without spaces. */
export function parseIban(text: string): ParseOutcome<string> {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) {
    return refused(
      `${quote(text)} is not an IBAN`,
      'a country code, two check digits, then the account, e.g. FR76 3000 6000 ...',
    );
  }
  const expectedLength = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expectedLength !== undefined && compact.length !== expectedLength) {
    return refused(
      `${quote(text)} has ${compact.length} characters; a ${compact.slice(0, 2)} IBAN has ${expectedLength}`,
      'a character is missing or doubled',
    );
  }
  if (ibanRemainder(compact) !== 1) {
    return refused(
      `${quote(text)} fails the IBAN check (mod 97)`,
      'a character is probably mistyped; copy it from the RIB',
    );
  }
  return parsed(compact);
}

/** Reads a BIC (SWIFT code) of 8 or 11 characters, uppercased. */
export function parseBic(text: string): ParseOutcome<string> {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(compact)) return parsed(compact);
  return refused(
    `${quote(text)} is not a BIC`,
    'a BIC has 8 or 11 characters: bank (4 letters), country (2), location (2), branch (3, optional)',
  );
}

/** A SIRET number, stored as 14 digits. */
export const siretSchema = checkedText({
  expected: 'a SIRET number: 14 digits with a valid key',
  description: 'SIRET number of the establishment: 14 digits (spaces allowed), checked with its Luhn key.',
  examples: ['123 456 789 00012'],
  parse: parseSiret,
});

/** An APE (NAF) code, stored as `6202A`. */
export const apeSchema = checkedText({
  expected: 'an APE code such as 6202A',
  description: 'APE (NAF) activity code, four digits and a letter, e.g. 6202A.',
  pattern: /^\d{2}\.?\d{2}[A-Za-z]$/,
  examples: ['6202A'],
  parse: parseApe,
});

/** An intra-community VAT number. */
export const vatNumberSchema = checkedText({
  expected: 'a VAT number such as FR40303265045',
  description: 'Intra-community VAT number; French numbers (FR + key + SIREN) have their key checked.',
  examples: ['FR40303265045'],
  parse: parseVatNumber,
});

/** An IBAN, stored without spaces. */
export const ibanSchema = checkedText({
  expected: 'an IBAN such as FR76 3000 6000 0112 3456 7890 189',
  description: 'IBAN of the account invoices are paid to; spaces allowed; checked with its mod-97 key.',
  examples: ['FR76 3000 6000 0112 3456 7890 189'],
  parse: parseIban,
});

/** A BIC (SWIFT code). */
export const bicSchema = checkedText({
  expected: 'a BIC such as AGRIFRPP or AGRIFRPP882',
  description: 'BIC (SWIFT code) of the bank, 8 or 11 characters.',
  pattern: /^[A-Za-z]{4}[A-Za-z]{2}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$/,
  examples: ['AGRIFRPP882'],
  parse: parseBic,
});
