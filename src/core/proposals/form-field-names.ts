import { isRecord } from '../is-record.ts';
import { YEAR_DIGITS_MESSAGE } from '../dates.ts';
import { sentenceCase } from '../words.ts';

/**
 * How the site's forms name their fields in error messages. The risk update form (with
 * JavaScript) and the error page a form post gets without it use the same names, so "Action 1
 * due" on one is never "The new due date for A1" on the other; the new risk form's labels are
 * these names.
 */

const ACTION_FIELDS: Record<string, (id: string) => string> = {
  id: (id) => `Action ${id}`,
  status: (id) => `Action ${id} status`,
  progress: (id) => `Action ${id} progress`,
  due: (id) => `The new due date for ${id}`,
  dueChangeReason: (id) => `Why the due date of ${id} is changing`,
};

const NEW_CONTROL_FIELDS: Record<string, string> = {
  description: "The new control's description",
  owner: "The new control's owner",
  status: "The new control's status",
};

/** "Action A3 status", "The new due date for A3"; undefined for a field the form does not have. */
export function actionFieldName(id: string, field: string): string | undefined {
  return ACTION_FIELDS[field]?.(id);
}

/** "Control C2 status" for a control the risk has, "The new control's owner" for one being added. */
export function controlFieldName(id: string | undefined, field: string): string | undefined {
  if (id === undefined) return NEW_CONTROL_FIELDS[field];
  return field === 'status' || field === 'id' ? `Control ${id}${field === 'status' ? ' status' : ''}` : undefined;
}

/** The update form's fields that are not an action's or a control's, by the name each is posted under. */
export const UPDATE_FIELDS = {
  reviewComment: 'Review comment',
  reason: 'Why you are proposing this',
  // Hidden: only a changed page or a script could get it wrong, but the error page still names it.
  baseVersion: 'Version of the risk',
} as const;

/**
 * The name for an error's path (`reason`, `actions[0].due`, `controls.5.owner`) in an update as
 * posted, reading an item's id from the update itself; undefined where the form has no such field.
 */
export function updateFieldName(path: string, update: unknown): string | undefined {
  if (Object.hasOwn(UPDATE_FIELDS, path)) return UPDATE_FIELDS[path as keyof typeof UPDATE_FIELDS];
  const match = /^(actions|controls)(?:\[(\d+)\]|\.(\d+))\.(\w+)$/.exec(path);
  if (!match) return undefined;
  const [, list = '', bracketed, dotted, field = ''] = match;
  const index = Number(bracketed ?? dotted);
  const items = isRecord(update) ? update[list] : undefined;
  const item = Array.isArray(items) ? (items[index] as unknown) : undefined;
  const id = isRecord(item) && typeof item['id'] === 'string' && item['id'] !== '' ? item['id'] : undefined;
  if (list === 'actions') return id === undefined ? undefined : actionFieldName(id, field);
  return controlFieldName(id, field);
}

/**
 * Where the field an error's path names stands on a form, to list errors in the form's order
 * as GOV.UK asks: `fields` are the form's top-level fields in order; an item's index, a
 * rating's likelihood and impact and an action's or control's fields (as ITEM_FIELDS) order
 * what is below them. A path the form has no field for sorts first, as it does on the page.
 */
export function formOrder(fields: readonly string[]): (path: string) => number[] {
  return (path) => {
    const [top = '', ...rest] = path.split(/\.|\[|\]\.?/).filter((s) => s !== '');
    const first = fields.indexOf(top);
    if (first === -1) return [-1];
    return [first, ...rest.map((s) => (/^\d+$/.test(s) ? Number(s) : ITEM_FIELDS.indexOf(s)))];
  };
}

/** Below a form's top-level fields, in the order the forms show them. */
const ITEM_FIELDS = ['likelihood', 'impact', 'id', 'description', 'owner', 'status', 'progress', 'due', 'dueChangeReason'];

/** Orders two places on a form (see formOrder): the first number that differs decides. */
export function comparePlaces(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The risk update form's fields, top to bottom (the version is hidden at its top). */
export const updateFieldOrder = formOrder(['baseVersion', 'current', 'target', 'reviewCompleted', 'reviewComment', 'actions', 'controls', 'reason']);

/** The forms' example of a date, typed in GOV.UK's three boxes. */
export const DATE_EXAMPLE = '30 6 2027';

/**
 * A date's error as the person typed it, in three boxes: the schema asks for YYYY-MM-DD, which
 * they never saw, and a year of other than 4 numbers is told in the words of GOV.UK's date input
 * ("Year must include 4 numbers"). Only for the paths that are date boxes on the form; other
 * messages are left as they are.
 */
function dateBoxesMessage(isDate: (path: string) => boolean): (path: string, message: string) => string {
  return (path, message) => {
    if (!isDate(path)) return message;
    if (message.startsWith(YEAR_DIGITS_MESSAGE)) return `must include a year with 4 numbers, for example ${DATE_EXAMPLE.split(' ').at(-1)!}`;
    return message.startsWith('must be a real date') ? `must be a real date, for example ${DATE_EXAMPLE}` : message;
  };
}

/** An action's new due date is the update form's one date. */
export const updateFieldMessage = dateBoxesMessage((path) => /\.due$/.test(path));

/** The new risk form's fields, by the name each is posted under, as its labels and errors name them. */
export const NEW_RISK_FIELDS = {
  id: 'Risk number',
  title: 'Title',
  description: 'Description',
  causes: 'Causes',
  event: 'Risk event',
  consequences: 'Consequences',
  owners: 'Risk owner',
  category: 'Category',
  current: 'Current rating',
  'current.likelihood': 'Current likelihood',
  'current.impact': 'Current impact',
  'target.likelihood': 'Target likelihood',
  'target.impact': 'Target impact',
  nextReview: 'Next review date',
} as const;

type NewRiskField = keyof typeof NEW_RISK_FIELDS;

/** The new risk form's fields, top to bottom. */
export const newRiskFieldOrder = formOrder([...new Set(Object.keys(NEW_RISK_FIELDS).map((field) => field.split('.')[0]!))]);

/** The form field an error's path is about (`owners[0]` is the owner select); undefined for one the form has not. */
function newRiskField(path: string): NewRiskField | undefined {
  const field = path.replace(/\[\d+\]$/, '');
  return Object.hasOwn(NEW_RISK_FIELDS, field) ? (field as NewRiskField) : undefined;
}

/** "Risk owner" for `owners` or `owners[0]`; undefined for a path the form has no field for. */
export function newRiskFieldName(path: string): string | undefined {
  const field = newRiskField(path);
  return field === undefined ? undefined : NEW_RISK_FIELDS[field];
}

/** The new risk form's choices from a list: "is required" there means nothing was chosen. */
const NEW_RISK_SELECTS: ReadonlySet<NewRiskField> = new Set(['owners', 'current.likelihood', 'current.impact', 'target.likelihood', 'target.impact']);
const newRiskDateMessage = dateBoxesMessage((path) => newRiskField(path) === 'nextReview');

/** The new risk form's errors as its fields are filled in: a date in three boxes, a select by choosing. */
export function newRiskFieldMessage(path: string, message: string): string {
  const field = newRiskField(path);
  if (field === 'current' && message.startsWith('is required')) return 'is required: choose its likelihood and its impact';
  if (field !== undefined && NEW_RISK_SELECTS.has(field) && message.startsWith('is required')) return 'is required: choose one from the list';
  return newRiskDateMessage(path, message);
}

/** An uploaded file's problem by where it is: "Row 4, column current_impact", or the data file and field it would break. */
export function uploadFieldName(path: string): string {
  return path.startsWith('row ') ? sentenceCase(path) : path;
}
