import { createHash } from 'node:crypto';

/** The id git gives a file's content (sha1 of "blob <bytes>\0<content>"): a risk's `version`. */
export function gitBlobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
