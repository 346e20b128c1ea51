import { Writable } from 'node:stream';
import { pino } from 'pino';
import { logOptions } from './logging.module';

describe('error logging', () => {
  it('keeps an error’s name, message, SQLSTATE and stack, never its query, parameters or detail', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const failed = Object.assign(new Error('duplicate key value violates unique constraint'), {
      name: 'QueryFailedError',
      code: '23505',
      query: 'INSERT INTO users (email) VALUES ($1)',
      parameters: ['hanako@example.test', '山田 花子'],
      driverError: { detail: 'Key (email)=(hanako@example.test) already exists.' },
    });
    pino(logOptions('info'), sink).error({ err: failed }, 'unexpected error');
    const line = JSON.parse(lines.join('')) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint',
      sqlState: '23505',
    });
    expect(lines.join('')).not.toMatch(/hanako|山田|INSERT INTO|Key \(email\)/);
  });
});
