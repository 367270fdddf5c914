/** Small helpers shared by the benchmarks: percentiles, medians, number formatting. */

/** The q-quantile (0..1) of an already sorted array, nearest-rank. */
export function quantileSorted(sorted, q) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function percentiles(values, qs) {
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => quantileSorted(sorted, q));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 12345.6 -> "12,346"; small values keep two significant decimals. */
export function formatNumber(value, digits) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function nowMs() {
  return performance.now();
}

/** Runs the collector if node was started with --expose-gc, so one run's garbage is not billed to the next. */
export function collectGarbage() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}
