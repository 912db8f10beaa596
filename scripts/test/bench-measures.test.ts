// The bench's measuring tools: the spread it prints for every goal, the slope it gives as CPU per KB, and the probe
// that reads a server's CPU time from inside the server process.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROBE_FLAGS, PROBE_STDIO, serverCpu } from '../lib/cpu-probe.ts';
import { formatSpread, slope, spread } from '../lib/spread.ts';

describe('spread', () => {
  const cases: { given: number[]; want: { min: number; median: number; max: number } }[] = [
    { given: [5], want: { min: 5, median: 5, max: 5 } },
    { given: [3, 1, 2], want: { min: 1, median: 2, max: 3 } },
    { given: [4, 1, 3, 2], want: { min: 1, median: 2.5, max: 4 } },
    { given: [10, -2, 7, 7, 0], want: { min: -2, median: 7, max: 10 } },
  ];
  it.each(cases)('spread($given) is $want', ({ given, want }) => {
    expect(spread(given)).toEqual(want);
  });
  it('leaves its input in its order', () => {
    const values = [3, 1, 2];
    spread(values);
    expect(values).toEqual([3, 1, 2]);
  });
  it('refuses no values, and a value that is not a finite number', () => {
    expect(() => spread([])).toThrow('no values');
    expect(() => spread([1, Number.NaN])).toThrow('NaN is not a finite number');
    expect(() => spread([1, Number.POSITIVE_INFINITY])).toThrow('Infinity is not a finite number');
  });
  it('formats as median (min–max), a single value alone', () => {
    expect(formatSpread({ min: 1200, median: 1500.4, max: 2000 })).toBe('1,500 (1,200–2,000)');
    expect(formatSpread({ min: 0.5, median: 0.75, max: 1 }, 2)).toBe('0.75 (0.50–1.00)');
    expect(formatSpread({ min: 3, median: 3, max: 3 }, 1)).toBe('3.0');
  });
});

describe('slope', () => {
  it('is the marginal cost of a line: 2 µs per KB over a 40 µs base', () => {
    expect(slope([1, 16, 256, 1000], [42, 72, 552, 2040])).toBeCloseTo(2, 10);
  });
  it('fits noisy points by least squares', () => {
    expect(slope([0, 1, 2, 3], [1, 2, 2, 4])).toBeCloseTo(0.9, 10);
  });
  it('refuses fewer than two points, unequal lists and a single x', () => {
    expect(() => slope([1], [1])).toThrow('two or more');
    expect(() => slope([1, 2], [1])).toThrow('two or more');
    expect(() => slope([4, 4], [1, 2])).toThrow('every x is the same');
  });
});

/** Resolves with the child's next message equal to `text`. */
const nextMessage = (child: ReturnType<typeof spawn>, text: string) =>
  new Promise<void>((resolve) => {
    const on = (message: unknown) => {
      if (message !== text) return;
      child.off('message', on);
      resolve();
    };
    child.on('message', on);
  });

describe('the CPU probe', () => {
  it("reports the server's own CPU time, which grows as the server works", async () => {
    // The server burns a fixed amount of CPU when asked (a count of hashes, not a time), then says so.
    const server = `const { createHash } = require('node:crypto');
      process.on('message', (m) => { if (m !== 'burn') return;
        for (let i = 0; i < 50000; i++) createHash('sha256').update(String(i)).digest();
        process.send('burned'); });
      setInterval(() => {}, 60000);`;
    const child = spawn(process.execPath, [...PROBE_FLAGS, '-e', server], { stdio: PROBE_STDIO });
    try {
      const before = await serverCpu(child);
      expect(before.user).toBeGreaterThan(0);
      const burned = nextMessage(child, 'burned');
      child.send('burn');
      await burned;
      const after = await serverCpu(child);
      expect(after.user + after.system).toBeGreaterThan(before.user + before.system);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('does not keep alive a server that would exit', async () => {
    const child = spawn(process.execPath, [...PROBE_FLAGS, '-e', 'void 0'], { stdio: PROBE_STDIO });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  });

  it('names the cause when a server was spawned without it', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: PROBE_STDIO });
    try {
      await expect(serverCpu(child, 500)).rejects.toThrow('was it spawned with PROBE_FLAGS?');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
