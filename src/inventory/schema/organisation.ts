/** The two organisations of the contract: the customer, and the provider who runs the rack. */
import { z } from 'zod';
import { emailSchema, phoneSchema } from './addresses.js';
import { idSchema, type ObjectRule, textSchema, withRules } from './common.js';
import { apeSchema, bicSchema, ibanSchema, siretSchema, vatNumberSchema } from './identifiers.js';
import { postalAddressSchema } from './postal-address.js';

const organisationFields = {
  id: idSchema,
  legal_name: textSchema('Legal name (raison sociale), e.g. "GIP CARIF-OREF Provence-Alpes-Côte d\'Azur".'),
  trade_name: textSchema('Name in everyday use, if different from the legal name.').optional(),
  legal_form: textSchema('Legal form, e.g. SAS, SARL, GIP.').optional(),
  address: postalAddressSchema.meta({ description: 'Registered office address.' }),
  siret: siretSchema,
  ape: apeSchema.optional(),
  vat_number: vatNumberSchema.optional(),
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
  website: textSchema('Public web site, e.g. https://www.example.test.').optional(),
};

/** A French VAT number embeds the SIREN, which is the start of the SIRET: both must agree. */
const vatMatchesSiret: ObjectRule = (value, report) => {
  const { siret, vat_number: vat } = value;
  if (
    typeof siret !== 'string' ||
    typeof vat !== 'string' ||
    !/^\d{14}$/.test(siret) ||
    !/^FR..\d{9}$/.test(vat)
  )
    return;
  if (vat.slice(4) !== siret.slice(0, 9)) {
    report(
      ['vat_number'],
      `VAT number ${vat} is for SIREN ${vat.slice(4)}, but the SIRET's SIREN is ${siret.slice(0, 9)}`,
      {
        hint: 'one of the two numbers belongs to another company; check both',
      },
    );
  }
};

// French overseas banks have their own BIC country codes while their IBANs start with FR.
const BIC_COUNTRIES_OF_FR = new Set([
  'FR',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'NC',
  'PF',
  'WF',
  'BL',
  'MF',
  'MC',
]);

const bicMatchesIban: ObjectRule = (value, report) => {
  const { iban, bic } = value;
  if (typeof iban !== 'string' || typeof bic !== 'string' || bic.length < 6) return;
  const ibanCountry = iban.slice(0, 2);
  const bicCountry = bic.slice(4, 6);
  const accepted = ibanCountry === 'FR' ? BIC_COUNTRIES_OF_FR.has(bicCountry) : bicCountry === ibanCountry;
  if (!accepted) {
    report(['bic'], `BIC ${bic} is a bank in ${bicCountry}, but the IBAN is from ${ibanCountry}`, {
      hint: 'the BIC and the IBAN must come from the same RIB',
    });
  }
};

/** The customer whose rack Vigie runs. */
export const customerSchema = withRules(
  z.strictObject(organisationFields).meta({
    title: 'Customer',
    description: 'The customer: the organisation that owns the rack and the contract.',
  }),
  vatMatchesSiret,
);

/** The provider who runs the rack, with the bank details invoices show. */
export const providerSchema = withRules(
  z
    .strictObject({
      ...organisationFields,
      iban: ibanSchema,
      bic: bicSchema,
      bank: textSchema('Name of the bank.').optional(),
    })
    .meta({
      title: 'Provider',
      description: 'The provider: the company that runs the maintenance, with its bank details for invoices.',
    }),
  vatMatchesSiret,
  bicMatchesIban,
);

export type CustomerSpec = Omit<z.output<typeof customerSchema>, 'id'>;
export type ProviderSpec = Omit<z.output<typeof providerSchema>, 'id'>;
