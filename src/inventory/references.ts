/** Checks across objects once each passed its schema: ids, references, placement, addressing, and the softer warnings. */
import { closestMatch } from './loading/did-you-mean.js';
import type { InventoryProblem, ObjectKind } from './model.js';
import { REFERENCE_FIELDS, type ReferenceField } from './relations.js';
import { addressingRules } from './rules/addressing.js';
import { alertingRules } from './rules/alerting.js';
import { backupRules } from './rules/backup.js';
import { capacityRules } from './rules/capacity.js';
import { peopleRules } from './rules/people.js';
import { placementRules } from './rules/placement.js';
import {
  createRuleContext,
  type InventoryRule,
  type LocatedObject,
  listNames,
  nameOf,
  type RuleContext,
  whereIs,
} from './rules/rule-context.js';
import { serviceRules } from './rules/services.js';
import { sshJumpRules } from './rules/ssh-jump.js';
import { INVENTORY_SECTIONS, sectionOf } from './schema/document.js';

export type { LocatedObject } from './rules/rule-context.js';

/**
 * Every cross-object problem of an inventory. `inventoryFile` names problems about the inventory as
 * a whole (a missing customer...). Objects that failed their schema take part with their raw data,
 * so that one run reports everything.
 */
export function checkReferences(
  objects: readonly LocatedObject[],
  inventoryFile: string,
): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  const context = createRuleContext(objects, inventoryFile, problems);
  for (const rule of RULES) rule(context);
  return problems;
}

const duplicateIds: InventoryRule = (context) => {
  const first = new Map<string, LocatedObject>();
  for (const object of context.objects) {
    const section = sectionOf(object.kind);
    // A singleton is one per inventory whatever its id; other kinds are one per id.
    const id = section.singleton ? object.kind : `${object.kind}\u0000${object.key}`;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, object);
      continue;
    }
    const message = section.singleton
      ? `the ${section.label} is declared twice; it was already declared at ${whereIs(earlier)}`
      : `duplicate ${section.label} id "${object.key}": already declared at ${whereIs(earlier)}`;
    context.report(object, ['id'], 'error', message, {
      expected: section.singleton ? `one "${section.key}:" section` : `an id no other ${section.label} uses`,
      hint: section.singleton
        ? `keep one "${section.key}:" in the whole inventory`
        : 'ids must be unique within a kind; rename one',
    });
  }
};

// Services and websites name their host by id alone: a VM and a device must not share one.
const distinctHostIds: InventoryRule = (context) => {
  const devices = context.byKind('device');
  for (const vm of context.byKind('vm').values()) {
    const device = devices.get(vm.key);
    if (device) {
      context.report(
        vm,
        ['id'],
        'error',
        `VM "${vm.key}" has the same id as device "${device.key}" (${whereIs(device)})`,
        {
          hint: 'hosts (VMs and devices) need distinct ids, since services and websites name their host by id alone',
        },
      );
    }
  }
};

const requiredSingletons: InventoryRule = (context) => {
  if (context.objects.length === 0) {
    context.reportGlobal('error', 'the inventory declares nothing', {
      hint: 'run "vigie init" to write a commented skeleton, or check the paths given',
    });
    return;
  }
  for (const kind of ['customer', 'provider', 'contract'] as const) {
    if (context.byKind(kind).size > 0) continue;
    const severity = kind === 'contract' ? 'warning' : 'error';
    context.reportGlobal(severity, `no ${kind} is declared`, {
      expected: `a "${kind}:" section in one of the files`,
      hint:
        kind === 'contract'
          ? 'without it, Vigie knows no dates, fee or renewal terms'
          : 'see docs/inventory.md or "vigie init"',
    });
  }
};

const danglingReferences: InventoryRule = (context) => {
  for (const object of context.objects) {
    for (const field of REFERENCE_FIELDS[object.kind]) {
      for (const value of field.values(object.data))
        checkReference(context, object, field, value.key, value.path);
    }
  }
};

function checkReference(
  context: RuleContext,
  object: LocatedObject,
  field: ReferenceField,
  key: string,
  path: readonly (string | number)[],
): void {
  const target = field.targets
    .map((kind) => context.byKind(kind).get(key))
    .find((found) => found !== undefined);
  const requirement = field.requirement;
  if (target && (!requirement || requirement.accepts(target.data, object.data))) return;
  // Only a broken reference pays for listing the candidates.
  const acceptable = [...candidatesOf(context, field, object.data).keys()];
  const declared = `declared ${field.nouns}: ${listNames(acceptable)}`;
  if (!target) {
    const elsewhere = otherKindWithKey(context, key, field.targets);
    const suggestion = closestMatch(key, acceptable);
    const hint = elsewhere
      ? `"${key}" is a ${sectionOf(elsewhere).label}, not a ${field.noun}`
      : suggestion
        ? `did you mean "${suggestion}"?`
        : `declare ${field.noun} "${key}", or name one that exists`;
    context.report(
      object,
      path,
      'error',
      `${nameOf(object)} refers to ${field.noun} "${key}", which is not declared; ${declared}`,
      {
        expected: `the id of a declared ${field.noun}`,
        hint,
      },
    );
    return;
  }
  if (requirement) {
    context.report(
      object,
      path,
      'error',
      `${nameOf(object)} refers to ${nameOf(target)} as its ${field.noun}, but ${requirement.refusal(target.data, object.data)}`,
      { expected: `one of the ${declared}`, hint: `declared at ${whereIs(target)}` },
    );
  }
}

function candidatesOf(
  context: RuleContext,
  field: ReferenceField,
  source: Readonly<Record<string, unknown>>,
) {
  const candidates = new Map<string, LocatedObject>();
  for (const kind of field.targets) {
    for (const [key, object] of context.byKind(kind)) {
      if (!field.requirement || field.requirement.accepts(object.data, source)) candidates.set(key, object);
    }
  }
  return candidates;
}

function otherKindWithKey(
  context: RuleContext,
  key: string,
  excluded: readonly ObjectKind[],
): ObjectKind | undefined {
  return INVENTORY_SECTIONS.map((section) => section.kind).find(
    (kind) => !excluded.includes(kind) && context.byKind(kind).has(key),
  );
}

const RULES: readonly InventoryRule[] = [
  duplicateIds,
  distinctHostIds,
  requiredSingletons,
  danglingReferences,
  ...placementRules,
  ...addressingRules,
  ...serviceRules,
  ...peopleRules,
  ...capacityRules,
  ...sshJumpRules,
  ...alertingRules,
  ...backupRules,
];
