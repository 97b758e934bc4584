// Helpers for `npm run bench`: timing of child processes (wall time and peak RSS), tables.
import { spawn } from 'node:child_process';

/** Runs a command, returns { ms, maxRssMB, stdout, stderr, code }. Peak RSS via /usr/bin/time when present. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const useTime = opts.measureRss !== false;
    const argv = useTime ? ['-f', '__MAXRSS__%M', cmd, ...args] : args;
    const p = spawn(useTime ? '/usr/bin/time' : cmd, argv, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(opts.env ?? {}) },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    if (opts.input) p.stdin.end(opts.input);
    else p.stdin.end();
    p.on('close', (code) => {
      const ms = performance.now() - t0;
      const m = /__MAXRSS__(\d+)/.exec(stderr);
      resolve({
        ms,
        maxRssMB: m ? Number(m[1]) / 1024 : null,
        stdout,
        stderr: stderr.replace(/__MAXRSS__\d+\n?/, ''),
        code,
      });
    });
  });
}

export function table(rows) {
  const head = ['measure', 'ours', 'reference', 'ratio', 'goal', 'note'];
  const all = [head, ...rows.map((r) => head.map((h) => String(r[h] ?? '')))];
  const w = head.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r) => '| ' + r.map((c, i) => c + ' '.repeat(w[i] - [...c].length)).join(' | ') + ' |';
  return [line(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...all.slice(1).map(line)].join('\n');
}

export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
