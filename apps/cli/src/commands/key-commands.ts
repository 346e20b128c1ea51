import type { INestApplicationContext } from '@nestjs/common';
import { KeyRotation } from '@daicho/holdings';
import { Presets, SingleBar } from 'cli-progress';
import { cliContext } from '../cli-operator';

/**
 * `keys:rotate`: a new holdings master key; every data key re-wrapped; old keys no wrapped key
 * references retired. Safe while servers run (they switch to the new key under a shared lock).
 */
export async function keysRotate(app: INestApplicationContext): Promise<void> {
  const bar = new SingleBar(
    { format: 're-wrapping data keys [{bar}] {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  const operator = cliContext(app);
  const result = await app.get(KeyRotation).rotate((done, total) => {
    if (!started) bar.start(total, 0);
    started = true;
    bar.update(done);
  }, operator);
  if (started) bar.stop();
  console.log(
    `New master key ${result.newKeyId}; ${result.rewrapped} data key(s) re-wrapped; retired: ${result.retiredKeyIds.join(', ') || 'none'}.`,
  );
  if (result.keptKeyIds.length) {
    console.log(
      `Kept (still referenced by a wrapped key): ${result.keptKeyIds.join(', ')}; run keys:rotate again.`,
    );
  }
  console.log('Back up the master key file now: without it no record can be read.');
}
