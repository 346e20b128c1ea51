import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface Proc {
  child: ChildProcess;
  output: () => string;
}

/** Starts `command` in the repository root and resolves once its output contains `ready`. */
export function launch(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: string,
): Promise<Proc> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = setInterval(() => {
      if (text.includes(ready)) {
        clearInterval(poll);
        resolve({ child, output: () => text });
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error(`${args.join(' ')} did not become ready:\n${text}`));
      }
    }, 50);
  });
}

/** Resolves with the exit code once the process has exited. */
export const exited = (p: Proc): Promise<number | null> =>
  p.child.exitCode !== null || p.child.signalCode !== null
    ? Promise.resolve(p.child.exitCode)
    : new Promise((r) => p.child.once('exit', (code) => r(code)));
