import { mayPropose, type Proposal } from '../core/access/proposers.ts';
import { fetchMe } from './oversight-account.ts';

/**
 * A form to propose something is shown to everyone, since posting it asks a signed-out person
 * to sign in. Once someone is signed in who may not propose it, this shows them why in its
 * place, before they fill it in for the server to refuse. A form already open (what they
 * typed, put back after signing in) stays, so nothing typed disappears.
 * Signed out, or without JavaScript, every form stays as it is.
 */
async function fitProposalsToPerson(): Promise<void> {
  const sections = [...document.querySelectorAll<HTMLElement>('[data-proposal]')];
  if (sections.length === 0) return;
  const me = await fetchMe();
  if (me === null) return;
  for (const section of sections) {
    const allowed = mayPropose(me, JSON.parse(section.dataset['proposal'] ?? '') as Proposal);
    // Said on the section, for styles and tests: the decision has been made, either way.
    section.dataset['mayPropose'] = String(allowed);
    if (allowed) continue;
    const forms = section.querySelector<HTMLElement>('[data-proposal-forms]');
    const refusal = section.querySelector<HTMLElement>('[data-proposal-refused]');
    if (!forms || !refusal) continue;
    refusal.hidden = false;
    if (!forms.querySelector('details[open]')) forms.hidden = true;
  }
}

void fitProposalsToPerson();
