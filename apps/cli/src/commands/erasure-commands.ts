import type { INestApplicationContext } from '@nestjs/common';
import { ErasureReplay } from '@daicho/holdings';
import { Presets, SingleBar } from 'cli-progress';

/**
 * `erasures:replay`: after a restore from backup. Every start replays the erasure journal before
 * anything can read (this command's own start included); the command reports what that start did,
 * then checks again that no journalled subject is still readable.
 */
export async function erasuresReplay(app: INestApplicationContext): Promise<void> {
  const replay = app.get(ErasureReplay);
  const atStart = replay.atStart;
  if (!atStart) throw new Error('the erasure journal was not replayed at start');
  console.log(`Erasure journal: ${atStart.journalled} erasure(s).`);
  console.log(
    `  replayed now: ${atStart.replayed}; already erased: ${atStart.alreadyErased}; not in this database: ${atStart.absent}` +
      (atStart.reconciled ? `; added to the journal from the database: ${atStart.reconciled}` : ''),
  );
  const bar = new SingleBar(
    { format: 'checking [{bar}] {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  const check = await replay.replay({
    onProgress: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  if (started) bar.stop();
  if (check.replayed > 0) {
    throw new Error(`${check.replayed} journalled subject(s) were still readable; replayed now`);
  }
  console.log('Checked: no journalled subject is readable in this database.');
}
