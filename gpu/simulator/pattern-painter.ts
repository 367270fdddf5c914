import { createSeededRandom, seedFromText, type SeededRandom } from './seeded-random.js';

/**
 * Paints deterministic pictures from a seed text: a two-colour gradient with soft bands, a few glowing
 * orbs that drift along small orbits over the clip, and a vignette. Colours come from one harmonic
 * scheme so results look designed rather than random, and differ visibly between seeds and prompts.
 */

export interface PatternSpec {
  width: number;
  height: number;
  /** Total frames of the clip (1 for an image); orbs complete their orbits over this span. */
  frames: number;
  seedText: string;
  /** A reference picture (rgb24, width×height) blended under the pattern, as img2img / i2v would. */
  underlay?: { pixels: Buffer; weight: number };
}

export interface FramePainter {
  /** Returns one rgb24 frame (width × height × 3 bytes). */
  paint(frameIndex: number): Buffer;
}

type Rgb = readonly [number, number, number];

interface Orb {
  cx: number;
  cy: number;
  radius: number;
  orbit: number;
  phase: number;
  turns: number;
  alpha: number;
  softness: number;
  color: Rgb;
}

export function createFramePainter(spec: PatternSpec): FramePainter {
  const { width, height, frames, underlay } = spec;
  const rnd = createSeededRandom(seedFromText(spec.seedText));
  const baseHue = rnd.range(0, 360);
  const offsets = rnd.pick([
    [30, 60],
    [180, 150],
    [120, 240],
    [-40, 200],
  ]);
  const top = hsl(baseHue, rnd.range(0.5, 0.75), rnd.range(0.14, 0.28));
  const bottom = hsl(baseHue + offsets[0], rnd.range(0.55, 0.8), rnd.range(0.5, 0.66));
  const angle = rnd.range(0, Math.PI * 2);
  const bands = rnd.int(2, 7);
  const orbs = createOrbs(rnd, baseHue + offsets[1], Math.min(width, height));
  const canvas = new Float32Array(width * height * 3);

  const paint = (frameIndex: number): Buffer => {
    const t = frames > 1 ? frameIndex / (frames - 1) : 0;
    paintBackground(canvas, width, height, angle + t * 0.6, bands, t, top, bottom);
    for (const orb of orbs) paintOrb(canvas, width, height, orb, t);
    const weight = underlay ? underlay.weight * (1 - 0.5 * t) : 0;
    return finish(canvas, width, height, underlay?.pixels, weight);
  };
  return { paint };
}

function createOrbs(rnd: SeededRandom, hue: number, side: number): Orb[] {
  const count = rnd.int(3, 6);
  return Array.from({ length: count }, () => ({
    cx: rnd.range(0.12, 0.88),
    cy: rnd.range(0.12, 0.88),
    radius: rnd.range(0.1, 0.32) * side,
    orbit: rnd.range(0.04, 0.16),
    phase: rnd.range(0, Math.PI * 2),
    turns: rnd.range(0.4, 1.2) * (rnd.next() < 0.5 ? -1 : 1),
    alpha: rnd.range(0.45, 0.85),
    softness: rnd.range(0.25, 0.6),
    color: hsl(hue + rnd.range(-35, 35), rnd.range(0.65, 0.95), rnd.range(0.5, 0.72)),
  }));
}

function paintBackground(
  canvas: Float32Array,
  width: number,
  height: number,
  angle: number,
  bands: number,
  t: number,
  top: Rgb,
  bottom: Rgb,
): void {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let y = 0; y < height; y++) {
    const ny = y / height - 0.5;
    for (let x = 0; x < width; x++) {
      const u = Math.min(1, Math.max(0, (x / width - 0.5) * cos + ny * sin + 0.5));
      const band = 0.5 + 0.5 * Math.sin((u * bands + t) * Math.PI * 2);
      const mix = u * 0.88 + band * 0.12;
      const i = (y * width + x) * 3;
      canvas[i] = top[0] + (bottom[0] - top[0]) * mix;
      canvas[i + 1] = top[1] + (bottom[1] - top[1]) * mix;
      canvas[i + 2] = top[2] + (bottom[2] - top[2]) * mix;
    }
  }
}

function paintOrb(canvas: Float32Array, width: number, height: number, orb: Orb, t: number): void {
  const theta = orb.phase + orb.turns * t * Math.PI * 2;
  const cx = (orb.cx + orb.orbit * Math.cos(theta)) * width;
  const cy = (orb.cy + orb.orbit * Math.sin(theta)) * height;
  const r = orb.radius * (1 + 0.08 * Math.sin(theta * 2));
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(width - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(height - 1, Math.ceil(cy + r));
  const inner = 1 - orb.softness;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d = Math.hypot(x - cx, y - cy) / r;
      if (d >= 1) continue;
      const edge = d <= inner ? 1 : 1 - smoothstep((d - inner) / orb.softness);
      const a = orb.alpha * edge;
      const glow = 0.3 * (1 - d) * (1 - d);
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const tone = orb.color[c]! + (255 - orb.color[c]!) * glow;
        canvas[i + c] = canvas[i + c]! * (1 - a) + tone * a;
      }
    }
  }
}

function finish(canvas: Float32Array, width: number, height: number, under: Buffer | undefined, weight: number): Buffer {
  const out = Buffer.allocUnsafe(width * height * 3);
  for (let y = 0; y < height; y++) {
    const dy = y / height - 0.5;
    for (let x = 0; x < width; x++) {
      const dx = x / width - 0.5;
      const vignette = 1 - 0.55 * (dx * dx + dy * dy);
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        let v = canvas[i + c]! * vignette;
        if (under && weight > 0) v = v * (1 - weight) + under[i + c]! * weight;
        out[i + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
  return out;
}

function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

function hsl(hueDegrees: number, saturation: number, lightness: number): Rgb {
  const h = (((hueDegrees % 360) + 360) % 360) / 360;
  const q = lightness < 0.5 ? lightness * (1 + saturation) : lightness + saturation - lightness * saturation;
  const p = 2 * lightness - q;
  const channel = (shift: number): number => {
    let t = h + shift;
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  return [channel(1 / 3) * 255, channel(0) * 255, channel(-1 / 3) * 255];
}
