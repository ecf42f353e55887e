import { NO_MEASURES } from '../../src/core/measures/load.ts';
import { describe, expect, it } from 'vitest';
import { managedRegisters, mayPropose, proposerFacts, type Proposal } from '../../src/core/access/proposers.ts';
import { mayViewProposal } from '../../src/core/access/proposal-access.ts';
import { proposalLabel } from '../../src/core/git/labels.ts';
import { actorFor, authorize, personForIdentity, risksOf, rolesOf, type Action, type Actor, type Target } from '../../src/core/access/authorize.ts';
import type { RegisterEntry, Workspace } from '../../src/core/data/workspace.ts';
import type { Person } from '../../src/core/schemas/person.ts';
import type { Register } from '../../src/core/schemas/register.ts';
import type { Risk } from '../../src/core/schemas/risk.ts';
import { DEFAULT_SETTINGS } from '../../src/core/schemas/settings.ts';

/*
 * A small council, in memory:
 *
 *   corporate    unrestricted, risk manager mia       COR1 owned by olu
 *                                                     COR2 owned by sam, delegated to dee
 *                                                     COR3 owned by sam
 *   housing      unrestricted, risk manager max       HSG1 owned by sam
 *   partnership  RESTRICTED, register owner rhea,     PTN1 owned by pip, delegated to dan
 *                risk manager pam                     PTN2 owned by sam
 *
 * Granted roles: vera viewer, ada auditor, ali administrator, gus a risk manager with no registers.
 * nia has no grant and owns nothing.
 */

function register(id: string, classification: Register['classification'], owner?: string): Register {
  return { id, name: `${id} register`, level: 'directorate', reviewCycleMonths: 3, classification, ...(owner === undefined ? {} : { owner }) };
}

function risk(id: string, owners: string[], delegates?: string[]): Risk {
  return { id, title: `Risk ${id}`, owners, current: { likelihood: 3, impact: 3 }, status: 'open', ...(delegates === undefined ? {} : { delegates }) };
}

const CORPORATE = register('corporate', 'unrestricted', 'ali-admin');
const HOUSING = register('housing', 'unrestricted');
const PARTNERSHIP = register('partnership', 'restricted', 'rhea-register-owner');

const COR1 = risk('COR1', ['olu-owner']);
const COR2 = risk('COR2', ['sam-other'], ['dee-delegate']);
const COR3 = risk('COR3', ['sam-other']);
const HSG1 = risk('HSG1', ['sam-other']);
const PTN1 = risk('PTN1', ['pip-partnership-owner'], ['dan-partnership-delegate']);
const PTN2 = risk('PTN2', ['sam-other']);

function entry(reg: Register, risks: Risk[]): RegisterEntry {
  return {
    register: reg,
    file: `registers/${reg.id}/register.json`,
    risks: risks.map((r) => ({ risk: r, file: `registers/${reg.id}/risks/${r.id}.json`, registerId: reg.id, version: '0'.repeat(40) })),
  };
}

const PEOPLE: Person[] = [
  { id: 'vera-viewer', name: 'Vera Viewer', email: 'vera.viewer@council.example' },
  { id: 'olu-owner', name: 'Olu Owner', email: 'Olu.Owner@Council.example' },
  { id: 'dee-delegate', name: 'Dee Delegate', email: 'dee.delegate@council.example' },
  { id: 'mia-manager', name: 'Mia Manager', email: 'mia.manager@council.example', subject: 'sub-mia' },
  { id: 'max-manager', name: 'Max Manager', email: 'max.manager@council.example' },
  { id: 'ada-auditor', name: 'Ada Auditor', email: 'ada.auditor@council.example' },
  { id: 'ali-admin', name: 'Ali Admin', email: 'ali.admin@council.example' },
  { id: 'nia-nobody', name: 'Nia Nobody', email: 'nia.nobody@council.example' },
  { id: 'sam-other', name: 'Sam Other', email: 'sam.other@council.example' },
  { id: 'rhea-register-owner', name: 'Rhea Register-Owner', email: 'rhea@council.example' },
  { id: 'pip-partnership-owner', name: 'Pip Partnership-Owner', email: 'pip@council.example' },
  { id: 'dan-partnership-delegate', name: 'Dan Partnership-Delegate', email: 'dan@council.example' },
  { id: 'pam-partnership-manager', name: 'Pam Partnership-Manager', email: 'pam@council.example' },
  { id: 'gus-manager-of-nothing', name: 'Gus', email: 'gus@council.example' },
  { id: 'noemail-person', name: 'No Email' },
];

const WS: Workspace = {
  settings: DEFAULT_SETTINGS,
  measures: NO_MEASURES,
  people: PEOPLE,
  roles: [
    { person: 'vera-viewer', role: 'viewer' },
    { person: 'mia-manager', role: 'risk-manager', registers: ['corporate'] },
    { person: 'max-manager', role: 'risk-manager', registers: ['housing'] },
    { person: 'pam-partnership-manager', role: 'risk-manager', registers: ['partnership'] },
    { person: 'gus-manager-of-nothing', role: 'risk-manager' },
    { person: 'ada-auditor', role: 'auditor' },
    { person: 'ali-admin', role: 'administrator' },
  ],
  registers: [entry(CORPORATE, [COR1, COR2, COR3]), entry(HOUSING, [HSG1]), entry(PARTNERSHIP, [PTN1, PTN2])],
};

function actor(personId: string, ws: Workspace = WS): Actor {
  const person = ws.people.find((p) => p.id === personId);
  if (person === undefined) throw new Error(`no person ${personId} in the test workspace`);
  return actorFor(ws, person);
}

const WHO = {
  'viewer (vera)': 'vera-viewer',
  'risk owner (olu)': 'olu-owner',
  'delegate (dee)': 'dee-delegate',
  'risk manager of corporate (mia)': 'mia-manager',
  'risk manager of housing only (max)': 'max-manager',
  'auditor (ada)': 'ada-auditor',
  'administrator (ali)': 'ali-admin',
  'no grant, owns nothing (nia)': 'nia-nobody',
} as const;
type Who = keyof typeof WHO;

const TARGETS = {
  "own risk: COR1, olu's (corporate)": { register: CORPORATE, risk: COR1 },
  'delegated risk: COR2, sam\'s, delegated to dee (corporate)': { register: CORPORATE, risk: COR2 },
  "another's risk in mia's managed register: COR3, sam's (corporate)": { register: CORPORATE, risk: COR3 },
  "risk in max's managed register: HSG1, sam's (housing)": { register: HOUSING, risk: HSG1 },
  "restricted register: PTN1, pip's (partnership)": { register: PARTNERSHIP, risk: PTN1 },
} satisfies Record<string, Target>;
type TargetName = keyof typeof TARGETS;

const ACTIONS = ['view-register', 'update-risk', 'create-risk', 'import-register', 'review-proposal', 'view-audit'] as const satisfies readonly Action[];

const Y = true;
const N = false;
type Row6 = readonly [boolean, boolean, boolean, boolean, boolean, boolean];

/**
 * The rule, written out. Each line is one person and one target; the six columns are the
 * actions, in this order:
 *
 *   view-register | update-risk | create-risk | import-register | review-proposal | view-audit
 */
// prettier-ignore
const MATRIX: readonly (readonly [Who, TargetName, Row6])[] = [
  // Anyone may read an unrestricted register; a viewer may change nothing.
  ['viewer (vera)',                      "own risk: COR1, olu's (corporate)",                              [Y, N, N, N, N, N]],
  ['viewer (vera)',                      'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, N, N, N, N, N]],
  ['viewer (vera)',                      "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, N, N, N, N, N]],
  ['viewer (vera)',                      "risk in max's managed register: HSG1, sam's (housing)",          [Y, N, N, N, N, N]],
  ['viewer (vera)',                      "restricted register: PTN1, pip's (partnership)",                 [N, N, N, N, N, N]],
  // Owners update their own risks only.
  ['risk owner (olu)',                   "own risk: COR1, olu's (corporate)",                              [Y, Y, N, N, N, N]],
  ['risk owner (olu)',                   'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, N, N, N, N, N]],
  ['risk owner (olu)',                   "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, N, N, N, N, N]],
  ['risk owner (olu)',                   "risk in max's managed register: HSG1, sam's (housing)",          [Y, N, N, N, N, N]],
  ['risk owner (olu)',                   "restricted register: PTN1, pip's (partnership)",                 [N, N, N, N, N, N]],
  // Delegates update the risks delegated to them only.
  ['delegate (dee)',                     "own risk: COR1, olu's (corporate)",                              [Y, N, N, N, N, N]],
  ['delegate (dee)',                     'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, Y, N, N, N, N]],
  ['delegate (dee)',                     "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, N, N, N, N, N]],
  ['delegate (dee)',                     "risk in max's managed register: HSG1, sam's (housing)",          [Y, N, N, N, N, N]],
  ['delegate (dee)',                     "restricted register: PTN1, pip's (partnership)",                 [N, N, N, N, N, N]],
  // A risk manager updates every risk, creates, imports and reviews in the registers they manage only.
  ['risk manager of corporate (mia)',    "own risk: COR1, olu's (corporate)",                              [Y, Y, Y, Y, Y, N]],
  ['risk manager of corporate (mia)',    'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, Y, Y, Y, Y, N]],
  ['risk manager of corporate (mia)',    "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, Y, Y, Y, Y, N]],
  ['risk manager of corporate (mia)',    "risk in max's managed register: HSG1, sam's (housing)",          [Y, N, N, N, N, N]],
  ['risk manager of corporate (mia)',    "restricted register: PTN1, pip's (partnership)",                 [N, N, N, N, N, N]],
  ['risk manager of housing only (max)', "own risk: COR1, olu's (corporate)",                              [Y, N, N, N, N, N]],
  ['risk manager of housing only (max)', 'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, N, N, N, N, N]],
  ['risk manager of housing only (max)', "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, N, N, N, N, N]],
  ['risk manager of housing only (max)', "risk in max's managed register: HSG1, sam's (housing)",          [Y, Y, Y, Y, Y, N]],
  ['risk manager of housing only (max)', "restricted register: PTN1, pip's (partnership)",                 [N, N, N, N, N, N]],
  // Auditors read everything, restricted registers and the audit trail included, and change nothing.
  ['auditor (ada)',                      "own risk: COR1, olu's (corporate)",                              [Y, N, N, N, N, Y]],
  ['auditor (ada)',                      'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, N, N, N, N, Y]],
  ['auditor (ada)',                      "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, N, N, N, N, Y]],
  ['auditor (ada)',                      "risk in max's managed register: HSG1, sam's (housing)",          [Y, N, N, N, N, Y]],
  ['auditor (ada)',                      "restricted register: PTN1, pip's (partnership)",                 [Y, N, N, N, N, Y]],
  // Administrators may do anything.
  ['administrator (ali)',                "own risk: COR1, olu's (corporate)",                              [Y, Y, Y, Y, Y, Y]],
  ['administrator (ali)',                'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, Y, Y, Y, Y, Y]],
  ['administrator (ali)',                "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, Y, Y, Y, Y, Y]],
  ['administrator (ali)',                "risk in max's managed register: HSG1, sam's (housing)",          [Y, Y, Y, Y, Y, Y]],
  ['administrator (ali)',                "restricted register: PTN1, pip's (partnership)",                 [Y, Y, Y, Y, Y, Y]],
  // Someone with no grant who owns nothing is treated as a viewer.
  ['no grant, owns nothing (nia)',       "own risk: COR1, olu's (corporate)",                              [Y, N, N, N, N, N]],
  ['no grant, owns nothing (nia)',       'delegated risk: COR2, sam\'s, delegated to dee (corporate)',     [Y, N, N, N, N, N]],
  ['no grant, owns nothing (nia)',       "another's risk in mia's managed register: COR3, sam's (corporate)", [Y, N, N, N, N, N]],
  ['no grant, owns nothing (nia)',       "risk in max's managed register: HSG1, sam's (housing)",          [Y, N, N, N, N, N]],
  ['no grant, owns nothing (nia)',       "restricted register: PTN1, pip's (partnership)",                 [N, N, N, N, N, N]],
];

interface Case {
  name: string;
  personId: string;
  action: Action;
  target: Target | undefined;
  expected: boolean;
}

const verdict = (allowed: boolean): string => (allowed ? 'allowed' : 'refused');

const MATRIX_CASES: Case[] = MATRIX.flatMap(([who, targetName, row]) =>
  ACTIONS.map((action, i) => {
    const expected = row[i]!;
    return { name: `${who} | ${action} | ${targetName} → ${verdict(expected)}`, personId: WHO[who], action, target: TARGETS[targetName], expected };
  }),
);

describe('authorize: every role × target × action', () => {
  it('the table covers every role and target exactly once', () => {
    const pairs = MATRIX.map(([who, target]) => `${who} / ${target}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toHaveLength(Object.keys(WHO).length * Object.keys(TARGETS).length);
    expect(MATRIX_CASES).toHaveLength(pairs.length * ACTIONS.length);
  });

  it.each(MATRIX_CASES)('$name', ({ personId, action, target, expected }) => {
    const decision = authorize(actor(personId), action, target);
    expect(decision.allowed, decision.reason).toBe(expected);
    expect(decision.reason.trim()).not.toBe('');
  });
});

const PARTNERSHIP_ONLY: Target = { register: PARTNERSHIP };
const CORPORATE_ONLY: Target = { register: CORPORATE };
const PTN1_T: Target = { register: PARTNERSHIP, risk: PTN1 };
const PTN2_T: Target = { register: PARTNERSHIP, risk: PTN2 };

/** Who may read a restricted register, and other edges of the rule: [who, action, target, expected]. */
// prettier-ignore
const EDGES: readonly (readonly [string, Action, string, Target | undefined, boolean])[] = [
  // A restricted register: its managers, auditors, administrators, its owner, and owners/delegates of the risk in question.
  ['pam-partnership-manager',  'view-register',   'PTN1 (restricted)',                PTN1_T,           Y],
  ['pam-partnership-manager',  'view-register',   'the partnership register itself',  PARTNERSHIP_ONLY, Y],
  ['pam-partnership-manager',  'update-risk',     'PTN1 (restricted)',                PTN1_T,           Y],
  ['pam-partnership-manager',  'create-risk',     'the partnership register itself',  PARTNERSHIP_ONLY, Y],
  ['pam-partnership-manager',  'import-register', 'the partnership register itself',  PARTNERSHIP_ONLY, Y],
  ['pam-partnership-manager',  'review-proposal', 'the partnership register itself',  PARTNERSHIP_ONLY, Y],
  ['pam-partnership-manager',  'view-audit',      'nothing',                          undefined,        N],
  ['rhea-register-owner',      'view-register',   'PTN1 (restricted)',                PTN1_T,           Y],
  ['rhea-register-owner',      'view-register',   'the partnership register itself',  PARTNERSHIP_ONLY, Y],
  ['rhea-register-owner',      'update-risk',     'PTN1 (restricted)',                PTN1_T,           N],
  ['rhea-register-owner',      'create-risk',     'the partnership register itself',  PARTNERSHIP_ONLY, N],
  ['pip-partnership-owner',    'view-register',   'PTN1 (restricted)',                PTN1_T,           Y],
  ['pip-partnership-owner',    'update-risk',     'PTN1 (restricted)',                PTN1_T,           Y],
  ['pip-partnership-owner',    'view-register',   'PTN2 (restricted, sam\'s)',        PTN2_T,           N],
  ['pip-partnership-owner',    'update-risk',     'PTN2 (restricted, sam\'s)',        PTN2_T,           N],
  ['pip-partnership-owner',    'view-register',   'the partnership register itself',  PARTNERSHIP_ONLY, N],
  ['pip-partnership-owner',    'create-risk',     'the partnership register itself',  PARTNERSHIP_ONLY, N],
  ['dan-partnership-delegate', 'view-register',   'PTN1 (restricted)',                PTN1_T,           Y],
  ['dan-partnership-delegate', 'update-risk',     'PTN1 (restricted)',                PTN1_T,           Y],
  ['dan-partnership-delegate', 'view-register',   'PTN2 (restricted, sam\'s)',        PTN2_T,           N],
  ['sam-other',                'view-register',   'PTN2 (restricted, sam\'s)',        PTN2_T,           Y],
  ['sam-other',                'view-register',   'PTN1 (restricted)',                PTN1_T,           N],
  ['ada-auditor',              'view-register',   'the partnership register itself',  PARTNERSHIP_ONLY, Y],
  ['ada-auditor',              'view-audit',      'nothing',                          undefined,        Y],
  ['ali-admin',                'view-audit',      'nothing',                          undefined,        Y],
  ['mia-manager',              'view-register',   'the partnership register itself',  PARTNERSHIP_ONLY, N],
  // A risk-manager grant that names no registers manages none.
  ['gus-manager-of-nothing',   'update-risk',     'COR3',                             { register: CORPORATE, risk: COR3 }, N],
  ['gus-manager-of-nothing',   'create-risk',     'the corporate register itself',    CORPORATE_ONLY,   N],
  ['gus-manager-of-nothing',   'review-proposal', 'the corporate register itself',    CORPORATE_ONLY,   N],
  // Updating needs a risk; reading needs a register.
  ['mia-manager',              'update-risk',     'the corporate register, no risk',  CORPORATE_ONLY,   N],
  ['olu-owner',                'update-risk',     'the corporate register, no risk',  CORPORATE_ONLY,   N],
  ['nia-nobody',               'view-register',   'nothing',                          undefined,        N],
  ['mia-manager',              'create-risk',     'nothing',                          undefined,        N],
  // Owning a risk elsewhere gives no say over the register.
  ['olu-owner',                'create-risk',     'the corporate register itself',    CORPORATE_ONLY,   N],
  ['dee-delegate',             'review-proposal', 'the corporate register itself',    CORPORATE_ONLY,   N],
];

describe('authorize: restricted registers and edges', () => {
  it.each(EDGES.map(([personId, action, label, target, expected]) => ({ name: `${personId} | ${action} | ${label} → ${verdict(expected)}`, personId, action, target, expected })))(
    '$name',
    ({ personId, action, target, expected }) => {
      const decision = authorize(actor(personId), action, target);
      expect(decision.allowed, decision.reason).toBe(expected);
    },
  );

  it('explains a refusal in words that name the register and risk', () => {
    const decision = authorize(actor('olu-owner'), 'update-risk', { register: CORPORATE, risk: COR3 });
    expect(decision).toEqual({ allowed: false, reason: expect.stringMatching(/corporate.*COR3/) as unknown });
  });
});

describe('rolesOf', () => {
  it.each([
    { personId: 'olu-owner', roles: ['risk-owner'], why: 'owns a risk and has no grant' },
    { personId: 'dee-delegate', roles: ['risk-owner'], why: 'is delegated a risk and has no grant' },
    { personId: 'pip-partnership-owner', roles: ['risk-owner'], why: 'owns a risk in a restricted register' },
    { personId: 'vera-viewer', roles: ['viewer'], why: 'has a viewer grant and owns nothing' },
    { personId: 'nia-nobody', roles: ['viewer'], why: 'has no grant and owns nothing' },
    { personId: 'mia-manager', roles: ['risk-manager'], why: 'manages a register and owns nothing' },
    { personId: 'ada-auditor', roles: ['auditor'], why: 'is an auditor' },
    { personId: 'ali-admin', roles: ['administrator'], why: 'is an administrator' },
  ])('$personId → $roles ($why)', ({ personId, roles }) => {
    expect(rolesOf(actor(personId), WS)).toEqual(roles);
  });

  it('adds risk-owner to granted roles and lists them in a fixed order', () => {
    const ws: Workspace = {
      ...WS,
      roles: [...WS.roles, { person: 'sam-other', role: 'administrator' }, { person: 'sam-other', role: 'auditor' }, { person: 'sam-other', role: 'risk-manager', registers: ['housing'] }],
    };
    expect(rolesOf(actor('sam-other', ws), ws)).toEqual(['risk-owner', 'risk-manager', 'auditor', 'administrator']);
  });

  it('does not list a role twice when it is granted twice', () => {
    const ws: Workspace = { ...WS, roles: [...WS.roles, { person: 'mia-manager', role: 'risk-manager', registers: ['housing'] }] };
    expect(rolesOf(actor('mia-manager', ws), ws)).toEqual(['risk-manager']);
  });
});

describe('risksOf', () => {
  it.each([
    ['olu-owner', ['COR1']],
    ['dee-delegate', ['COR2']],
    ['sam-other', ['COR2', 'COR3', 'HSG1', 'PTN2']],
    ['pip-partnership-owner', ['PTN1']],
    ['dan-partnership-delegate', ['PTN1']],
    ['mia-manager', []],
    ['ali-admin', []],
  ] as const)('%s → %j', (personId, risks) => {
    expect(risksOf(actor(personId), WS)).toEqual(risks);
  });

  it('lists a risk once when the person both owns it and is its delegate', () => {
    const both = risk('COR9', ['olu-owner'], ['olu-owner']);
    const ws: Workspace = { ...WS, registers: [entry(CORPORATE, [COR1, both])] };
    expect(risksOf(actor('olu-owner', ws), ws)).toEqual(['COR1', 'COR9']);
  });
});

describe('personForIdentity', () => {
  it('finds a person by the subject id recorded for them, ahead of an email that matches someone else', () => {
    expect(personForIdentity(WS, { subject: 'sub-mia', email: 'olu.owner@council.example' })?.id).toBe('mia-manager');
  });

  it('finds a person by subject alone, with no email', () => {
    expect(personForIdentity(WS, { subject: 'sub-mia' })?.id).toBe('mia-manager');
  });

  it('matches email case-insensitively on both sides', () => {
    expect(personForIdentity(WS, { subject: 'unrecorded', email: 'OLU.OWNER@council.EXAMPLE' })?.id).toBe('olu-owner');
    expect(personForIdentity(WS, { subject: 'unrecorded', email: 'vera.viewer@COUNCIL.example' })?.id).toBe('vera-viewer');
  });

  it.each([
    ['an unknown subject and an unknown email', { subject: 'unrecorded', email: 'stranger@elsewhere.example' }],
    ['an unknown subject and no email', { subject: 'unrecorded' }],
    ['an unknown subject and an empty email', { subject: 'unrecorded', email: '' }],
    ['an email that only differs by a suffix', { subject: 'unrecorded', email: 'olu.owner@council.example.evil' }],
    // Mia's subject id is recorded, so another account that claims her email is not Mia.
    ['another subject claiming the email of someone whose subject is recorded', { subject: 'sub-someone-else', email: 'mia.manager@council.example' }],
  ])('is undefined for %s', (_label, identity) => {
    expect(personForIdentity(WS, identity)).toBeUndefined();
  });
});

describe('actorFor', () => {
  it('gives a person only their own grants', () => {
    expect(actor('mia-manager').grants).toEqual([{ person: 'mia-manager', role: 'risk-manager', registers: ['corporate'] }]);
    expect(actor('olu-owner').grants).toEqual([]);
  });
});

describe('mayPropose: what a page decides from /api/me, as authorize decides on the server', () => {
  // One more person, with the performance role, for measure figures.
  const ws: Workspace = {
    ...WS,
    people: [...WS.people, { id: 'pia-performance', name: 'Pia Performance' }],
    roles: [...(WS.roles ?? []), { person: 'pia-performance', role: 'performance' }],
  };

  it('gives each person the same answer as authorize, for every proposal a page offers on every register and risk', () => {
    let allowed = 0;
    let refused = 0;
    for (const person of ws.people) {
      const who = actor(person.id, ws);
      const facts = proposerFacts(who, ws);
      const check = (proposal: Proposal, action: Action, target?: Target): void => {
        const expected = authorize(who, action, target).allowed;
        expect(mayPropose(facts, proposal), `${person.id}: ${JSON.stringify(proposal)}`).toBe(expected);
        if (expected) allowed += 1;
        else refused += 1;
      };
      check({ action: 'import-measures' }, 'import-measures');
      for (const { register, risks } of ws.registers) {
        check({ action: 'create-risk', register: register.id }, 'create-risk', { register });
        check({ action: 'import-register', register: register.id }, 'import-register', { register });
        for (const { risk } of risks) check({ action: 'update-risk', register: register.id, risk: risk.id }, 'update-risk', { register, risk });
      }
    }
    // Both answers are given, many times over: the comparison is not between two constant answers.
    expect(allowed).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('says which registers a person manages: those granted, every one for an administrator, none for a grant naming none', () => {
    expect(managedRegisters(actor('mia-manager', ws), ws)).toEqual(['corporate']);
    expect(managedRegisters(actor('ali-admin', ws), ws)).toEqual(['corporate', 'housing', 'partnership']);
    expect(managedRegisters(actor('gus-manager-of-nothing', ws), ws)).toEqual([]);
    expect(managedRegisters(actor('olu-owner', ws), ws)).toEqual([]);
  });
});

describe('mayViewProposal: from its labels, or its branch when labelling failed', () => {
  const proposal = (branch: string, labels: string[] = []) => ({ branch, labels });
  const seers = (p: { branch: string; labels: string[] }): string[] =>
    ['vera-viewer', 'mia-manager', 'pam-partnership-manager', 'dan-partnership-delegate', 'ada-auditor', 'ali-admin'].filter((id) => mayViewProposal(actor(id), WS, p));
  const ALL = ['vera-viewer', 'mia-manager', 'pam-partnership-manager', 'dan-partnership-delegate', 'ada-auditor', 'ali-admin'];

  it('shows a labelled proposal about a restricted risk only to those who may read that risk', () => {
    expect(seers(proposal('oversight/PTN1/dan-partnership-delegate.k1', ['partnership', 'PTN1']))).toEqual(['pam-partnership-manager', 'dan-partnership-delegate', 'ada-auditor', 'ali-admin']);
  });

  it.each([
    ['an update', 'oversight/PTN1/dan-partnership-delegate.k1'],
    ['an import', 'oversight/partnership-import/pam-partnership-manager.k2'],
    ['a new risk', 'oversight/partnership-new-risk/pam-partnership-manager.k3'],
  ])('finds the restricted register of %s that has no labels from its branch', (_kind, branch) => {
    const seen = seers(proposal(branch));
    expect(seen).not.toContain('vera-viewer');
    expect(seen).not.toContain('mia-manager');
    expect(seen).toEqual(expect.arrayContaining(['pam-partnership-manager', 'ada-auditor', 'ali-admin']));
  });

  it('shows an unlabelled proposal about an unrestricted register to everyone, as a labelled one', () => {
    expect(seers(proposal('oversight/corporate-import/mia-manager.k4'))).toEqual(ALL);
    expect(seers(proposal('oversight/COR1/olu-owner.k5'))).toEqual(ALL);
  });

  it('shows measures imports to everyone: their figures are published', () => {
    expect(seers(proposal('oversight/measures-import/ada-auditor.k6', ['measures', 'import']))).toEqual(ALL);
    expect(seers(proposal('oversight/measures-import/ada-auditor.k6'))).toEqual(ALL);
  });

  it('finds a register and a risk whose ids are longer than a label may be by their shortened labels', () => {
    const longId = 'partnership-with-moorland-and-dales-integrated-care-board';
    const risk = 'PTN00000000000000000000000000000000000000000000000001';
    const ws: Workspace = { ...WS, registers: WS.registers.map((e) => (e.register.id === 'partnership' ? entry({ ...PARTNERSHIP, id: longId }, [PTN1, { ...PTN2, id: risk }]) : e)) };
    const roles = WS.roles.map((g) => (g.registers?.includes('partnership') ? { ...g, registers: [longId] } : g));
    const seers = (p: { branch: string; labels: string[] }): string[] => ALL.filter((id) => mayViewProposal(actor(id, { ...ws, roles }), { ...ws, roles }, p));
    // Branches that no longer name the register whole, as a long id's is cut short.
    expect(seers(proposal('oversight/x/pam-partnership-manager.k8', [proposalLabel(longId), 'new-risk']))).toEqual(['pam-partnership-manager', 'ada-auditor', 'ali-admin']);
    expect(seers(proposal('oversight/x/pam-partnership-manager.k9', [proposalLabel(risk)]))).toEqual(['pam-partnership-manager', 'ada-auditor', 'ali-admin']);
  });

  it('shows a proposal that names nothing the data has only to auditors and administrators', () => {
    expect(seers(proposal('fix-typo'))).toEqual(['ada-auditor', 'ali-admin']);
    expect(seers(proposal('oversight/gone-register-import/mia-manager.k7', ['gone-register', 'import']))).toEqual(['ada-auditor', 'ali-admin']);
  });
});
