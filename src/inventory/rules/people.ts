/** Rules on people: a way to reach each, roles on the right side of the contract, access lists for developers. */
import { CUSTOMER_ROLES, type PersonRole, PROVIDER_ROLES } from '../schema/person.js';
import { type InventoryRule, nameOf, stringField } from './rule-context.js';

const reachable: InventoryRule = (context) => {
  for (const person of context.byKind('person').values()) {
    if (person.data.email === undefined && person.data.phone === undefined) {
      context.report(person, [], 'warning', `${nameOf(person)} has neither e-mail nor phone`, {
        hint: 'add email: or phone:, so that alerts and reports can reach them',
      });
    }
  }
};

const rolesMatchSide: InventoryRule = (context) => {
  for (const person of context.byKind('person').values()) {
    const side = stringField(person.data, 'organisation');
    const roles = Array.isArray(person.data.roles) ? person.data.roles : [];
    roles.forEach((role: unknown, index) => {
      const wrongSide =
        (side === 'customer' && PROVIDER_ROLES.includes(role as PersonRole)) ||
        (side === 'provider' && CUSTOMER_ROLES.includes(role as PersonRole));
      if (wrongSide) {
        context.report(
          person,
          ['roles', index],
          'warning',
          `role "${String(role)}" belongs to the ${side === 'customer' ? 'provider' : 'customer'}, but ${nameOf(person)} works for the ${side}`,
          {
            hint: 'check organisation: or the role',
          },
        );
      }
    });
  }
};

const developerAccess: InventoryRule = (context) => {
  for (const person of context.byKind('person').values()) {
    const roles = Array.isArray(person.data.roles) ? person.data.roles : [];
    const developer = roles.includes('developer');
    if (person.data.access !== undefined && !developer) {
      context.report(
        person,
        ['access'],
        'warning',
        `${nameOf(person)} has an access list but is not a developer`,
        {
          hint: 'access lists scope what developers see; other roles ignore them',
        },
      );
    }
    if (developer && person.data.access === undefined) {
      context.report(
        person,
        ['roles'],
        'warning',
        `developer ${nameOf(person)} has no access list, so will see no website or database`,
        {
          hint: 'add access: { websites: [...], databases: [...] }',
        },
      );
    }
  }
};

const referentDeclared: InventoryRule = (context) => {
  const people = [...context.byKind('person').values()];
  if (people.length === 0) return;
  const hasReferent = people.some(
    (person) => Array.isArray(person.data.roles) && person.data.roles.includes('referent'),
  );
  if (!hasReferent) {
    context.reportGlobal('warning', "no person has the role referent: the provider's referent is unknown", {
      hint: 'give the role referent to the provider person who answers for the contract',
    });
  }
};

export const peopleRules: readonly InventoryRule[] = [
  reachable,
  rolesMatchSide,
  developerAccess,
  referentDeclared,
];
