// The bench's side of cpu-probe.cjs: spawn a node server with the probe loaded, then ask it for its CPU time.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Node flags that load the probe; put them before the server's script. */
export const PROBE_FLAGS: readonly string[] = ['--require', fileURLToPath(new URL('cpu-probe.cjs', import.meta.url))];

/** stdio for spawn: nothing read, and the IPC channel the probe answers on. */
export const PROBE_STDIO: ['ignore', 'ignore', 'ignore', 'ipc'] = ['ignore', 'ignore', 'ignore', 'ipc'];

/** CPU time a process has used since it started, in microseconds. */
export interface CpuTime {
  readonly user: number;
  readonly system: number;
}

let nextId = 0;

/** The server's own process.cpuUsage(); rejects if it exits first or has no probe (no answer within `waitMs`). */
export function serverCpu(child: ChildProcess, waitMs = 10_000): Promise<CpuTime> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const done = (error?: Error, time?: CpuTime) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error === undefined && time !== undefined) resolve(time);
      else reject(error);
    };
    const onMessage = (message: unknown) => {
      const m = message as { type?: unknown; id?: unknown; user?: unknown; system?: unknown };
      if (
        m?.type === 'store-api-bench:cpu' &&
        m.id === id &&
        typeof m.user === 'number' &&
        typeof m.system === 'number'
      )
        done(undefined, { user: m.user, system: m.system });
    };
    const onExit = (code: number | null) =>
      done(new Error(`the server exited (${code}) before reporting its CPU time`));
    // A hang guard, not a timing: a server spawned without the probe never answers.
    const timer = setTimeout(
      () => done(new Error(`no CPU report from the server within ${waitMs} ms: was it spawned with PROBE_FLAGS?`)),
      waitMs,
    );
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send({ type: 'store-api-bench:cpu', id });
  });
}
