/** What a result was measured on: cores, CPU, memory, Node, filesystem of the temp dir, load. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function describeMachine(tempDir = os.tmpdir()) {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    /* not Linux */
  }
  let nproc = String(os.availableParallelism?.() ?? os.cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    /* keep the Node view */
  }
  let filesystem = 'unknown';
  try {
    const lines = execFileSync('df', ['-T', tempDir], { encoding: 'utf8' }).trim().split('\n');
    const cols = lines[lines.length - 1].split(/\s+/);
    filesystem = `${cols[1]} on ${cols[0]}`;
  } catch {
    /* no df */
  }
  return {
    nproc,
    cpu,
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    tempDir,
    filesystem,
    date: new Date().toISOString(),
  };
}

export function loadAverage() {
  return os.loadavg().map((value) => value.toFixed(2)).join(' ');
}

/**
 * A snapshot for `otherCpu`: busy CPU time of the whole machine (from /proc/stat, steal included) and of
 * this process. On a shared machine this tells a slow run caused by a neighbour from a slow run.
 */
export function cpuSnapshot() {
  let busySeconds = NaN;
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    busySeconds = (user + nice + system + irq + softirq + (steal ?? 0)) / 100; // USER_HZ
  } catch {
    /* not Linux */
  }
  const own = process.cpuUsage();
  return { at: performance.now(), busySeconds, ownSeconds: (own.user + own.system) / 1e6 };
}

/** Cores' worth of CPU used by everything except this process between two snapshots. */
export function otherCpu(before, after) {
  const wall = (after.at - before.at) / 1000;
  if (!(wall > 0) || Number.isNaN(before.busySeconds)) return NaN;
  return Math.max(0, (after.busySeconds - before.busySeconds - (after.ownSeconds - before.ownSeconds)) / wall);
}
