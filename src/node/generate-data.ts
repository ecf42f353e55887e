import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toJsonFile } from '../core/data/serialize.ts';
import { PEOPLE_FILE, registerFile, riskFile, SETTINGS_FILE } from '../core/data/paths.ts';
import { DEFAULT_SCORING_SCHEME } from '../core/schemas/scoring-scheme.ts';

/**
 * Writes a synthetic but valid data directory of `risks` risks spread over
 * `registers` registers, for the benchmark and large-data tests. Deterministic:
 * the same arguments give the same files.
 */
export function generateDataDir(dir: string, options: { risks: number; registers?: number }): void {
  const registers = options.registers ?? Math.max(1, Math.ceil(options.risks / 500));
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const write = (rel: string, value: unknown): void => {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, toJsonFile(value));
  };
  const people = Array.from({ length: 40 }, (_, i) => ({ id: `person-${i + 1}`, name: `Person ${i + 1}`, email: `person${i + 1}@council.example` }));
  write(SETTINGS_FILE, { organisation: { name: 'Generated County Council' }, scoring: DEFAULT_SCORING_SCHEME });
  write(PEOPLE_FILE, { people });
  const categories = ['Safeguarding', 'Financial', 'Workforce', 'Service delivery', 'Information governance'];
  for (let r = 0; r < registers; r++) {
    const id = `register-${r + 1}`;
    write(registerFile(id), { id, name: `Generated register ${r + 1}`, level: r === 0 ? 'corporate' : 'directorate', owner: 'person-1', reviewCycleMonths: 3, classification: 'unrestricted' });
  }
  for (let n = 0; n < options.risks; n++) {
    const registerId = `register-${(n % registers) + 1}`;
    const id = `GEN${String(n + 1).padStart(5, '0')}`;
    const current = { likelihood: 1 + random(5), impact: 1 + random(5) };
    const closed = random(20) === 0;
    const target = { likelihood: Math.max(1, current.likelihood - random(2)), impact: Math.max(1, current.impact - random(2)) };
    write(riskFile(registerId, id), {
      id,
      title: `Generated risk ${n + 1}`,
      description: 'A generated risk for measuring how the build scales.',
      owners: [`person-${1 + random(people.length)}`],
      category: categories[random(categories.length)],
      current,
      target,
      status: closed ? 'closed' : 'open',
      ...(closed ? { statusReason: 'Generated as closed.' } : {}),
      lastReview: '2026-09-01',
      nextReview: '2026-12-01',
      controls: [{ id: 'C1', description: 'A control in place.', owner: 'person-2', status: 'in place' }],
      actions: [{ id: 'A1', description: 'An action under way.', owner: 'person-3', due: '2027-03-31', status: 'in progress' }],
    });
  }
}
