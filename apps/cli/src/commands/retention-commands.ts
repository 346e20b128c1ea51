import type { INestApplicationContext } from '@nestjs/common';
import { RetentionService } from '@daicho/holdings';
import { Presets, SingleBar } from 'cli-progress';
import { cliContext } from '../cli-operator';

/** `retention:run [--dry-run]`: disposes of every record past its retention, or lists them. */
export async function retentionRun(
  app: INestApplicationContext,
  options: { 'dry-run'?: boolean },
): Promise<void> {
  const dryRun = options['dry-run'] ?? false;
  const bar = new SingleBar(
    { format: 'disposing [{bar}] {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  // The operator's run: its DISPOSE entries, or the dry run's READ of each record listed.
  const ctx = cliContext(app);
  const result = await app.get(RetentionService).run({
    dryRun,
    ctx,
    onProgress: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  if (started) bar.stop();
  if (result.held > 0) {
    console.log(
      `${result.held} record(s) past their retention are on legal hold (a request about their person is open) and were left alone.`,
    );
  }
  if (dryRun) {
    console.log(`${result.due} record(s) are past their retention and would be disposed of:`);
    for (const id of result.recordIds) console.log(`  ${id}`);
  } else {
    console.log(
      `Disposed of ${result.disposed} record(s) past their retention (values crypto-shredded).`,
    );
  }
}
