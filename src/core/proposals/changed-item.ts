/** The action or control a conflictingFields name ("action A1", "control C3") is about, if it is one. */
export function changedItem(field: string): { kind: 'action' | 'control'; id: string } | null {
  const match = /^(action|control) (\S+)$/.exec(field);
  return match ? { kind: match[1] as 'action' | 'control', id: match[2] ?? '' } : null;
}
