// A PostgreSQL cluster of its own, in a child process, for tests that stop it the hard way:
//   node test/harness/scratch-postgres.mjs DIR PORT PASSWORD
// prints "ready" once it accepts connections, and stops it cleanly on SIGTERM.
import { startCluster } from './embedded-cluster.mjs';

const [dir, port, password] = process.argv.slice(2);
const pg = await startCluster({ dir, port: Number(port), password });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  pg.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
setInterval(() => undefined, 60_000);
