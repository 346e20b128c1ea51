import { BadUserInputError } from '../errors/domain-error';
import { decodeTextCursor, encodeCursor, pageOf, timeKey } from './pagination';

const ID = '0b7c6f57-2f0e-4a4f-9b1e-6a1f3f4f2c11';

describe('keyset cursors keyed by text', () => {
  it('gives back the key and id of a cursor the list handed out', () => {
    expect(decodeTextCursor(encodeCursor('株式会社 A', ID))).toEqual({
      sortKey: '株式会社 A',
      id: ID,
    });
    const hash = 'ab'.repeat(32);
    expect(decodeTextCursor(encodeCursor('Name', hash), /^[0-9a-f]{64}$/)).toEqual({
      sortKey: 'Name',
      id: hash,
    });
  });

  it('refuses an id that is not one of the list, or no cursor at all, as BAD_USER_INPUT', () => {
    for (const cursor of [
      encodeCursor('A', 'not-a-uuid'),
      encodeCursor('A', ''),
      'garbage',
      Buffer.from(JSON.stringify(['A', ID, 'extra'])).toString('base64url'),
    ]) {
      expect(() => decodeTextCursor(cursor)).toThrow(BadUserInputError);
    }
    expect(() => decodeTextCursor(encodeCursor('A', ID), /^[0-9a-f]{64}$/)).toThrow(
      BadUserInputError,
    );
  });
});

describe('pages', () => {
  it('cuts a timestamp key to the millisecond a cursor carries', () => {
    expect(timeKey('w.created_at')).toBe("date_trunc('milliseconds', w.created_at)");
  });

  it('shows `first` rows and says from the extra one that more follow', () => {
    const rows = ['a', 'b', 'c'];
    const page = pageOf(
      rows,
      2,
      (r) => `cursor-${r}`,
      (r) => r.toUpperCase(),
    );
    expect(page).toEqual({
      edges: [
        { node: 'A', cursor: 'cursor-a' },
        { node: 'B', cursor: 'cursor-b' },
      ],
      pageInfo: { endCursor: 'cursor-b', hasNextPage: true },
    });
    expect(pageOf([], 2, String, String).pageInfo).toEqual({
      endCursor: null,
      hasNextPage: false,
    });
  });
});
