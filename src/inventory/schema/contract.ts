/** The maintenance contract's terms: dates, fee, VAT, renewal. */
import { z } from 'zod';
import { idSchema, type ObjectRule, refSchema, textSchema, withRules } from './common.js';
import { dateSchema, durationSchema, periodSchema } from './units.js';

/** An amount of money with at most two decimals, in an ISO 4217 currency. */
export const moneySchema = z
  .strictObject({
    amount: z
      .number()
      .min(0)
      .refine((amount) => Math.abs(Math.round(amount * 100) - amount * 100) < 1e-6, {
        message: 'has more than two decimals',
      })
      .meta({
        description: 'Amount excluding VAT, e.g. 1650 or 1650.50.',
        expected: 'an amount such as 1650 or 1650.50',
      }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('EUR')
      .meta({
        description: 'ISO 4217 currency code, EUR by default.',
        expected: 'a currency code such as EUR',
      }),
  })
  .meta({ description: 'An amount excluding VAT and its currency.' });

const renewalSchema = z
  .strictObject({
    tacit: z.boolean().meta({
      description: 'Renewed without a new signature (tacite reconduction).',
      expected: 'true or false',
    }),
    period: periodSchema.meta({ description: 'Length of each renewal: 1y for a year, 6mo for six months.' }),
    max_renewals: z.int().min(0).meta({
      description: 'How many times the contract may be renewed (0: never).',
      expected: 'a whole number, 0 or more',
    }),
    notice: durationSchema.meta({
      description: 'Notice to give before a term ends to stop the renewal, e.g. 30d.',
    }),
  })
  .meta({ description: 'How the contract renews after its first term.' });

const termOrder: ObjectRule = (value, report) => {
  const { start, first_term_end: end } = value;
  if (typeof start === 'string' && typeof end === 'string' && end <= start) {
    report(['first_term_end'], `the first term ends on ${end}, not after the start ${start}`, {
      expected: `a date after ${start}`,
    });
  }
};

const sameCurrency: ObjectRule = (value, report) => {
  const fee = value.monthly_fee as { currency?: unknown } | undefined;
  const cap = value.maximum_total as { currency?: unknown } | undefined;
  if (
    typeof fee?.currency === 'string' &&
    typeof cap?.currency === 'string' &&
    fee.currency !== cap.currency
  ) {
    report(
      ['maximum_total', 'currency'],
      `the maximum is in ${cap.currency} but the monthly fee in ${fee.currency}`,
      {
        hint: 'use one currency for the contract',
      },
    );
  }
};

/** The contract between the customer and the provider. */
export const contractSchema = withRules(
  z
    .strictObject({
      id: idSchema,
      reference: textSchema('Contract or order reference, e.g. the public contract number.').optional(),
      title: textSchema('Title of the contract.').optional(),
      customer: refSchema('the customer'),
      provider: refSchema('the provider'),
      start: dateSchema.meta({ description: 'First day of the contract.' }),
      first_term_end: dateSchema.meta({ description: 'Last day of the first term.' }),
      monthly_fee: moneySchema.meta({ description: 'Monthly fee excluding VAT.' }),
      vat_rate: z
        .number()
        .min(0)
        .max(100)
        .meta({ description: 'VAT rate in percent, e.g. 20.', expected: 'a percentage such as 20' }),
      maximum_total: moneySchema
        .meta({
          description: 'Ceiling of the contract over all its terms, excluding VAT (public contracts).',
        })
        .optional(),
      renewal: renewalSchema,
      notes: textSchema('Anything else worth knowing about the contract.').optional(),
    })
    .meta({
      title: 'Contract',
      description: 'The maintenance contract between the customer and the provider.',
    }),
  termOrder,
  sameCurrency,
);

export type ContractSpec = Omit<z.output<typeof contractSchema>, 'id'>;
