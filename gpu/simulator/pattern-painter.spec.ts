import { createFramePainter } from './pattern-painter.js';

const spec = { width: 48, height: 32, frames: 9, seedText: 'seed:1|a lighthouse' };

describe('pattern painter', () => {
  it('GEN-7: paints the same frames for the same seed text', () => {
    const a = createFramePainter(spec);
    const b = createFramePainter(spec);
    for (const frame of [0, 4, 8]) expect(a.paint(frame).equals(b.paint(frame))).toBe(true);
  });

  it('paints different pictures for different seed texts, and motion between frames', () => {
    const a = createFramePainter(spec);
    expect(a.paint(0).equals(createFramePainter({ ...spec, seedText: 'seed:2|a lighthouse' }).paint(0))).toBe(false);
    expect(a.paint(0).equals(a.paint(8))).toBe(false);
  });

  it('fills exactly width × height rgb24 pixels that are not a flat canvas', () => {
    const frame = createFramePainter(spec).paint(0);
    expect(frame.length).toBe(48 * 32 * 3);
    expect(Math.max(...frame) - Math.min(...frame)).toBeGreaterThanOrEqual(4);
  });

  it('blends an underlay by its weight', () => {
    const white = Buffer.alloc(48 * 32 * 3, 255);
    const plain = createFramePainter(spec).paint(0);
    const blended = createFramePainter({ ...spec, underlay: { pixels: white, weight: 0.8 } }).paint(0);
    const mean = (b: Buffer): number => b.reduce((sum, v) => sum + v, 0) / b.length;
    expect(mean(blended)).toBeGreaterThan(mean(plain) + 50);
  });
});
