import { expect } from 'vitest';
import { readTree, request, SAMPLE_DATA_DIR, startHarness, type Harness, type Persona } from './functions-harness.ts';
import { startGitHubEmulator, type GitHubEmulator } from './github-emulator.ts';

/**
 * The functions through their real handlers against the GitHub backend, with the GitHub
 * emulator holding the sample data/ and any `extra` files (paths under data/).
 */
export async function startGitHubHarness(extra: Record<string, string> = {}): Promise<{ emulator: GitHubEmulator; h: Harness }> {
  const files = Object.fromEntries(Object.entries({ ...readTree(SAMPLE_DATA_DIR), ...extra }).map(([path, content]) => [`data/${path}`, content]));
  const emulator = await startGitHubEmulator({ files });
  const h = await startHarness({
    env: {
      OVERSIGHT_GIT_BACKEND: 'github',
      OVERSIGHT_GITHUB_REPOSITORY: `${emulator.owner}/${emulator.repo}`,
      OVERSIGHT_GITHUB_TOKEN: emulator.token,
      OVERSIGHT_GITHUB_API_URL: emulator.baseUrl,
    },
  });
  return { emulator, h };
}

/** The titles of the proposals GET /api/proposals shows a persona. */
export async function listedProposals(h: Harness, persona: Persona): Promise<string[]> {
  const res = await h.send(request('GET', '/api/proposals', { authorization: `Bearer ${await h.token(persona)}` }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { title: string }[]).map((p) => p.title);
}
