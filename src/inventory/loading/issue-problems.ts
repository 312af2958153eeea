/** Turns zod's validation issues into located problems that say what is wrong, what was expected, and how to fix it. */
import type { z } from 'zod';
import type { InventoryProblem } from '../model.js';
import { didYouMean } from './did-you-mean.js';
import { type FieldPath, formatFieldPath } from './field-path.js';
import { type FieldInfo, fieldInfo } from './schema-walk.js';
import { unknownKey } from './unknown-key.js';
import { isPlainObject, kindOf, lastName, nounOf, show, TYPE_WORDS } from './value-words.js';
import type { YamlDocumentView } from './yaml-source.js';

export interface IssueContext {
  readonly file: string;
  readonly document: YamlDocumentView;
  /** The schema the issues' paths start from. */
  readonly schema: z.ZodType;
}

type Issue = z.core.$ZodIssue & { readonly input?: unknown; readonly params?: Record<string, unknown> };

/** What a problem says, before it is located. */
export interface Explanation {
  readonly path: FieldPath;
  readonly locateAt: 'value' | 'key' | 'parent';
  readonly message: string;
  readonly expected?: string | undefined;
  readonly hint?: string | undefined;
}

/** One problem per issue, and one per unknown key. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  context: IssueContext,
): InventoryProblem[] {
  return issues.flatMap((issue) =>
    explain(issue as Issue, context.schema, context.document).map((explanation) => {
      const position = context.document.locate(explanation.path, explanation.locateAt);
      return {
        severity: 'error' as const,
        file: context.file,
        line: position.line,
        column: position.column,
        path: formatFieldPath(explanation.path),
        message: explanation.message,
        ...(explanation.expected === undefined ? {} : { expected: explanation.expected }),
        ...(explanation.hint === undefined ? {} : { hint: explanation.hint }),
      };
    }),
  );
}

function explain(issue: Issue, schema: z.ZodType, document: YamlDocumentView): Explanation[] {
  const path = issue.path as FieldPath;
  const info = fieldInfo(schema, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(path, key, fieldInfo(schema, path)));
    case 'invalid_type':
      return [wrongType(issue, path, info, document.sourceText(path))];
    case 'invalid_value':
      return [wrongValue(issue, path, info)];
    case 'too_small':
    case 'too_big':
      return [outOfRange(issue, path, info)];
    case 'custom': {
      const written = issue.params?.quoteAsWritten === true ? document.sourceText(path) : undefined;
      return [
        {
          path,
          locateAt: 'value',
          message: issue.message,
          expected: stringParam(issue, 'expected') ?? info.expected,
          hint: written === undefined ? stringParam(issue, 'hint') : `write it in quotes: "${written}"`,
        },
      ];
    }
    default:
      return [
        {
          path,
          locateAt: 'value',
          message: issue.input === undefined ? issue.message : `${show(issue.input)} is not valid here`,
          expected: info.expected,
        },
      ];
  }
}

function stringParam(issue: Issue, name: string): string | undefined {
  const value = issue.params?.[name];
  return typeof value === 'string' ? value : undefined;
}

function wrongType(
  issue: Issue & { expected: string },
  path: FieldPath,
  info: FieldInfo,
  written: string | undefined,
): Explanation {
  const field = lastName(path);
  const expectedWord = TYPE_WORDS[issue.expected] ?? issue.expected;
  const expected = info.expected ?? expectedWord;
  const example = exampleOf(field, info, issue.expected);
  if (issue.input === undefined) {
    return {
      path,
      locateAt: 'parent',
      message: `required field "${field}" is missing`,
      expected,
      hint: `add ${example}`,
    };
  }
  if (issue.input === null) {
    return {
      path,
      locateAt: 'value',
      message: `"${field}" has no value`,
      expected,
      hint: `write ${example}`,
    };
  }
  if (path.length === 0) {
    return {
      path,
      locateAt: 'value',
      message: `the file holds ${kindOf(issue.input)}, not a mapping of sections`,
      expected: 'a mapping of sections such as vms: or websites:',
      hint: 'start the file with section keys, e.g. "vms:" followed by "- id: ..." items',
    };
  }
  const wanted = info.expected === undefined ? expectedWord : nounOf(info.expected);
  const composite = typeof issue.input === 'object';
  const message =
    issue.expected === 'int' && typeof issue.input === 'number'
      ? `${show(issue.input)} is not a whole number`
      : composite
        ? `"${field}" holds ${kindOf(issue.input)}, not ${wanted}`
        : `${show(issue.input)} is ${kindOf(issue.input)}, not ${wanted}`;
  return {
    path,
    locateAt: 'value',
    message,
    expected,
    hint: typeHint(issue.expected, issue.input, written, field, example, info),
  };
}

function typeHint(
  expected: string,
  input: unknown,
  written: string | undefined,
  field: string,
  example: string,
  info: FieldInfo,
): string {
  const text = written ?? String(input);
  if (expected === 'array') {
    return isPlainObject(input)
      ? `write a list: start each item with "- " (e.g. "- id: ...")`
      : `write a list, e.g. ${field}: [${text}]`;
  }
  if (expected === 'object') return `write the fields of ${field} on the following lines, indented`;
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    // YAML reads 0491000000 or true as a number or a boolean; if the text as written is valid,
    // quoting is the whole fix (and the hint must show the text as written, leading zero included).
    const quotedIsValid = info.schema?.safeParse(text).success === true;
    return quotedIsValid || !example.includes(': ')
      ? `put it in quotes: ${field}: "${text}"`
      : `write ${example}`;
  }
  if (expected === 'boolean') return `write ${field}: true or ${field}: false, without quotes`;
  if ((expected === 'number' || expected === 'int') && typeof input === 'string') {
    return /^\s*\d+([.,]\d+)?\s*$/.test(input)
      ? `write the number without quotes: ${field}: ${input.trim().replace(',', '.')}`
      : `write digits only, e.g. ${field}: ${String(info.examples?.[0] ?? 1)}`;
  }
  return `write ${example}`;
}

function exampleOf(field: string, info: FieldInfo, expectedType: string): string {
  const example = info.examples?.[0];
  if (example !== undefined) return `${field}: ${String(example)}`;
  if (info.options && info.options.length > 0) return `${field}: ${info.options[0]}`;
  if (expectedType === 'array') return `${field}: followed by a list`;
  if (expectedType === 'object') return `${field}: followed by its fields, indented`;
  return `"${field}: ..."`;
}

function wrongValue(
  issue: Issue & { values: readonly unknown[] },
  path: FieldPath,
  info: FieldInfo,
): Explanation {
  const field = lastName(path);
  if (path.length === 1 && path[0] === 'version') {
    return {
      path,
      locateAt: 'value',
      message: `inventory format version ${show(issue.input)} is not supported`,
      expected: 'version: 1',
      hint: 'this version of Vigie reads version 1 files',
    };
  }
  const values = issue.values.map(String);
  const typed = typeof issue.input === 'string' ? issue.input : String(issue.input);
  return {
    path,
    locateAt: 'value',
    message: `${show(issue.input)} is not a valid ${field.replace(/_/g, ' ')}`,
    expected: info.expected ?? `one of: ${values.join(', ')}`,
    hint: didYouMean(typed, values) ?? 'pick one of the values listed above',
  };
}

function outOfRange(issue: Issue, path: FieldPath, info: FieldInfo): Explanation {
  const bound = 'minimum' in issue ? issue.minimum : 'maximum' in issue ? issue.maximum : undefined;
  const small = issue.code === 'too_small';
  const origin = 'origin' in issue ? issue.origin : '';
  if (origin === 'array') {
    const count = Array.isArray(issue.input) ? issue.input.length : 0;
    return {
      path,
      locateAt: 'value',
      message: count === 0 ? 'the list is empty' : `the list has ${count} items`,
      expected: `${small ? 'at least' : 'at most'} ${String(bound)} item${bound === 1 ? '' : 's'}`,
    };
  }
  if (origin === 'string') {
    return {
      path,
      locateAt: 'value',
      message:
        small && bound === 1
          ? `"${lastName(path)}" is empty`
          : `${show(issue.input)} is too ${small ? 'short' : 'long'}`,
      expected: info.expected ?? `${small ? 'at least' : 'at most'} ${String(bound)} characters`,
    };
  }
  return {
    path,
    locateAt: 'value',
    message: `${show(issue.input)} is ${small ? 'below the minimum' : 'above the maximum'} ${String(bound)}`,
    expected: info.expected ?? `a number ${small ? 'from' : 'up to'} ${String(bound)}`,
  };
}
