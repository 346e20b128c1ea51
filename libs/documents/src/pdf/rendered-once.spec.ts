import { RenderedOnce } from './rendered-once';

describe('RenderedOnce', () => {
  it('renders a document once per content, shares it with callers at once, and tries a failure again', async () => {
    const kept = new RenderedOnce();
    let renders = 0;
    const render = (text: string) => () => {
      renders++;
      return Promise.resolve(Buffer.from(text));
    };
    const same = await Promise.all(
      Array.from({ length: 20 }, () => kept.get({ lang: 'ja', office: 'A' }, render('A'))),
    );
    expect(renders).toBe(1);
    expect(same.every((b) => b.toString() === 'A')).toBe(true);
    // Other content (a catalog change, another language) is another document.
    expect((await kept.get({ lang: 'en', office: 'A' }, render('B'))).toString()).toBe('B');
    expect(renders).toBe(2);
    await expect(
      kept.get({ lang: 'ja', office: 'X' }, () => Promise.reject(new Error('font'))),
    ).rejects.toThrow('font');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await kept.get({ lang: 'ja', office: 'X' }, render('C'))).toString()).toBe('C');
  });
});
