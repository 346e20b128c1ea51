import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * Documents anyone may download without signing in (the public notice, the blank request forms)
 * are rendered once per content and kept: laying out a PDF with the Japanese font takes a core
 * for a while, and a client repeating the request must not be able to take the server's CPU.
 * Keyed by a digest of everything the document is made from; a change makes a new key.
 */
export class RenderedOnce {
  private readonly kept = new LRUCache<string, Promise<Buffer>>({ max: 64 });

  /** The document for `input`, rendered by `render` the first time only (callers at once share it). */
  get(input: unknown, render: () => Promise<Buffer>): Promise<Buffer> {
    const key = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    let document = this.kept.get(key);
    if (!document) {
      document = render();
      this.kept.set(key, document);
      // A failed rendering is not kept: the next request tries again.
      document.catch(() => this.kept.delete(key));
    }
    return document;
  }
}
