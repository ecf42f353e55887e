import { describe, expect, it } from 'vitest';
import { formErrorPage } from '../../src/http/html.ts';

/** The form error page's last paragraph: what happened to the submission and the way back. */
async function way(cause: 'input' | 'unavailable' | 'failed', upload = false): Promise<string> {
  const res = formErrorPage(500, 'Something went wrong.', [], { title: 'Your change could not be finished', back: '/registers/corporate/#import', upload, cause });
  return /<\/div>\n<p>([\s\S]*)<\/p>/.exec(await res.text())?.[1] ?? '';
}

describe('formErrorPage: what it says happened, by why the post was not accepted', () => {
  it('something to correct: nothing was submitted, correct it and send it again', async () => {
    expect(await way('input', true)).toBe('Nothing was submitted. Correct the file, then <a href="/registers/corporate/#import">upload it again</a>.');
  });

  it('the git host not answering: nothing was submitted, nothing to correct', async () => {
    expect(await way('unavailable', true)).toBe('Nothing was submitted. In a few minutes, <a href="/registers/corporate/#import">upload it again</a>.');
  });

  it('the server failing: it may have been submitted, so look among the proposals first', async () => {
    const text = await way('failed');
    expect(text).not.toContain('Nothing was submitted');
    expect(text).toBe('It may have been submitted all the same: <a href="/proposals/">look for it among the proposals</a> before you send it again (your browser’s Back button returns to the form with what you typed).');
  });
});
