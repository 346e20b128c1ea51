import { ErrorCode } from '@daicho/platform';
import { parseDocumentRequest } from './document-request';

describe('parseDocumentRequest', () => {
  it('defaults to an xlsx in Japanese', () => {
    expect(parseDocumentRequest({})).toEqual({ format: 'xlsx', lang: 'ja' });
    expect(parseDocumentRequest({ format: 'csv', lang: 'en' })).toEqual({
      format: 'csv',
      lang: 'en',
    });
  });

  it.each([
    [{ format: 'pdf' }, 'format'],
    [{ format: 'CSV' }, 'format'],
    [{ lang: 'fr' }, 'lang'],
    [{ lang: 'ja\u0000' }, 'lang'],
  ])('refuses %j naming %s, without echoing it', (sent, field) => {
    expect.assertions(3);
    try {
      parseDocumentRequest(sent, { document: 'inventory', format: '--format', lang: '--lang' });
    } catch (error) {
      const e = error as { code: string; message: string; details: { fields: string[] } };
      expect(e.code).toBe(ErrorCode.BAD_USER_INPUT);
      expect(e.details.fields).toEqual([field]);
      expect(e.message).not.toContain(String(Object.values(sent)[0]));
    }
  });
});
