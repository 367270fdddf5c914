/**
 * In-process CPU profiling (node:inspector) around one function call, and a plain-text summary of the
 * result: the top frames by self time and by inclusive time. Writes the .cpuprofile so it can be opened
 * in Chrome DevTools or speedscope.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

export async function profile(file, fn, { intervalUs = 200 } = {}) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  let result;
  try {
    result = await fn();
  } finally {
    const { profile: data } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(file, JSON.stringify(data));
    result = { result, summary: summarize(data) };
  }
  return result;
}

function frameName(callFrame, rootDir) {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return name;
  let url = callFrame.url.replace(/^file:\/\//, '');
  if (rootDir && url.startsWith(rootDir)) url = url.slice(rootDir.length + 1);
  url = url.replace(/^.*\/node_modules\//, '');
  return `${name} ${url}:${callFrame.lineNumber + 1}`;
}

/** Self and inclusive time per frame (recursion counted once per sample), as percentages of all samples. */
export function summarize(data, { top = 15, rootDir = process.cwd() } = {}) {
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of data.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map();
  const totalUs = new Map();
  let allUs = 0;
  const deltas = data.timeDeltas ?? [];
  for (let i = 0; i < data.samples.length; i += 1) {
    const dt = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
    allUs += dt;
    let node = byId.get(data.samples[i]);
    const selfKey = frameName(node.callFrame, rootDir);
    selfUs.set(selfKey, (selfUs.get(selfKey) ?? 0) + dt);
    const seen = new Set();
    while (node) {
      const key = frameName(node.callFrame, rootDir);
      if (!seen.has(key)) {
        seen.add(key);
        totalUs.set(key, (totalUs.get(key) ?? 0) + dt);
      }
      node = byId.get(parent.get(node.id));
    }
  }
  const rank = (map) =>
    [...map.entries()]
      .filter(([key]) => key !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, us]) => ({ frame, ms: us / 1000, pct: (100 * us) / (allUs || 1) }));
  return { totalMs: allUs / 1000, self: rank(selfUs), inclusive: rank(totalUs) };
}

export function formatSummary(title, summary) {
  const lines = [`${title} — ${summary.totalMs.toFixed(0)} ms sampled`];
  lines.push('  self time:');
  for (const row of summary.self) lines.push(`    ${row.pct.toFixed(1).padStart(5)}%  ${row.frame}`);
  lines.push('  inclusive time:');
  for (const row of summary.inclusive) lines.push(`    ${row.pct.toFixed(1).padStart(5)}%  ${row.frame}`);
  return lines.join('\n');
}
