import { SUBMITTED_BY_TRAILER, type ChangeSet, type Signature } from '../../core/git/backend.ts';
import { proposalLabel } from '../../core/git/labels.ts';

/** Trailers Oversight writes; the last paragraph of a commit message holds them. */
export const TRAILER = {
  branch: 'Oversight-Branch',
  labels: 'Oversight-Labels',
  coAuthor: 'Co-authored-by',
  submittedBy: SUBMITTED_BY_TRAILER,
  proposal: 'Oversight-Proposal',
  reviewedBy: 'Oversight-Reviewed-By',
  closedBy: 'Oversight-Closed-By',
  request: 'Oversight-Request',
} as const;

/** One line, as a subject or trailer value must be. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A change's labels as a proposal records them: each on one line and no longer than GitHub takes, once. */
export function proposalLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((l) => proposalLabel(oneLine(l))).filter((l) => l !== ''))];
}

/** A name or email as git and a trailer can hold it: no angle brackets or line breaks. */
function identPart(text: string): string {
  return oneLine(text.replace(/[<>]/g, ''));
}

export function ident(who: Signature): string {
  return `${identPart(who.name)} <${identPart(who.email)}>`;
}

export function cleanSignature(who: Signature): Signature {
  return { name: identPart(who.name) || 'Unknown', email: identPart(who.email) };
}

/** Control characters other than line breaks and tabs: git refuses a NUL in a message. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A body line that history would read as one of our trailers (see src/core/history/origin.ts). */
const TRAILER_LIKE = /^\s*(?:\*\s+)?(?:oversight-[a-z-]*|co-authored-by)\s*:/i;

/**
 * The body as git keeps it. Its callers quote what people typed; any line that still reads
 * as a trailer is quoted here too, so no body can claim who submitted or reviewed a change.
 */
function bodyText(body: string): string {
  return body
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (TRAILER_LIKE.test(line) ? `> ${line}` : line))
    .join('\n')
    .trim();
}

function message(subject: string, body: string, trailers: [string, string][]): string {
  const parts = [oneLine(subject.replace(CONTROL, '')) || 'Untitled'];
  const text = bodyText(body);
  if (text !== '') parts.push(text);
  parts.push(trailers.map(([key, value]) => `${key}: ${oneLine(value.replace(CONTROL, ''))}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

/** What a ChangeSet's requestDigest looks like; anything else is not recorded or read. */
export const REQUEST_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The proposal commit: title, body, then who submitted it and how to find it again. */
export function proposalMessage(change: ChangeSet): string {
  const trailers: [string, string][] = [[TRAILER.branch, change.branch]];
  const labels = proposalLabels(change.labels);
  if (labels.length > 0) trailers.push([TRAILER.labels, labels.join(', ')]);
  trailers.push([TRAILER.coAuthor, ident(change.submitter)]);
  trailers.push([TRAILER.submittedBy, `${ident(change.submitter)} (${identPart(change.submitter.id)})`]);
  if (change.requestDigest !== undefined && REQUEST_DIGEST.test(change.requestDigest)) trailers.push([TRAILER.request, change.requestDigest]);
  return message(change.title, change.body, trailers);
}

export function mergeMessage(id: string, title: string, reviewer: Signature): string {
  return message(`Merge proposal ${id}: ${title}`, '', [
    [TRAILER.proposal, id],
    [TRAILER.reviewedBy, ident(reviewer)],
  ]);
}

export function closeMessage(id: string, title: string, reviewer: Signature): string {
  return message(`Close proposal ${id}: ${title}`, '', [
    [TRAILER.proposal, id],
    [TRAILER.closedBy, ident(reviewer)],
  ]);
}

export interface ParsedMessage {
  subject: string;
  body: string;
  /** Trailer values by key (case as written), in order. */
  trailers: Map<string, string[]>;
}

const TRAILER_LINE = /^([A-Za-z0-9-]+):\s?(.*)$/;

/** Splits a commit message into subject, body and the trailers of its last paragraph. */
export function parseMessage(text: string): ParsedMessage {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/);
  const subject = oneLine(paragraphs.shift() ?? '');
  const trailers = new Map<string, string[]>();
  const last = paragraphs.at(-1);
  if (last !== undefined) {
    const lines = last.split('\n');
    if (lines.every((line) => TRAILER_LINE.test(line))) {
      paragraphs.pop();
      for (const line of lines) {
        const [, key = '', value = ''] = TRAILER_LINE.exec(line) ?? [];
        trailers.set(key, [...(trailers.get(key) ?? []), value.trim()]);
      }
    }
  }
  return { subject, body: paragraphs.join('\n\n'), trailers };
}

export function trailer(parsed: ParsedMessage, key: string): string | undefined {
  return parsed.trailers.get(key)?.[0];
}

/** The name in `Name <email>` or `Name <email> (person-id)`. */
export function nameOf(identValue: string | undefined): string | undefined {
  if (identValue === undefined) return undefined;
  const name = identValue.replace(/\s*<[^>]*>.*$/, '').trim();
  return name === '' ? undefined : name;
}
