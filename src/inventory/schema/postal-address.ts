/** Postal addresses of organisations and sites. */
import { z } from 'zod';
import { type ObjectRule, textSchema, withRules } from './common.js';

const postalCodeRule: ObjectRule = (value, report) => {
  const country = typeof value.country === 'string' ? value.country : 'FR';
  if (country === 'FR' && typeof value.postal_code === 'string' && !/^\d{5}$/.test(value.postal_code)) {
    report(['postal_code'], `"${value.postal_code}" is not a French postal code`, {
      expected: 'five digits, e.g. 13002',
    });
  }
};

/** A postal address; the country is an ISO 3166 code, France by default. */
export const postalAddressSchema = withRules(
  z
    .strictObject({
      street: textSchema('Number and street, e.g. "10 rue de la République".'),
      complement: textSchema('Building, floor, P.O. box...').optional(),
      postal_code: z
        .union([z.string().trim().min(1), z.int().transform(String)])
        .meta({ description: 'Postal code, e.g. 13002.', expected: 'a postal code such as 13002' }),
      city: textSchema('City, e.g. Marseille.'),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .default('FR')
        .meta({
          description: 'ISO 3166 country code, FR by default.',
          expected: 'a two-letter country code such as FR',
        }),
    })
    .meta({ description: 'A postal address.' }),
  postalCodeRule,
);
