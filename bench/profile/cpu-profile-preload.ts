/**
 * Preloaded into the Herald child with `--profile DIR`: the first SIGUSR2 starts the V8 CPU profiler,
 * the second writes `herald-<pid>-<n>.cpuprofile` to BENCH_PROFILE_DIR (open it in Chrome DevTools or
 * speedscope). Signals rather than `--cpu-prof` so that only the measured phase is profiled, and the
 * profile is written even though the bench stops Herald with SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
let running = false;
let n = 0;

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const file = join(dir, `herald-${process.pid}-${++n}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    writeFileSync(`${file}.done`, '');
  });
});
