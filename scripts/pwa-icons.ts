/**
 * The web manifest's PNG icons, drawn at build time from the favicon's design (public/favicon.svg:
 * a dark rounded square, an amber `>` and a light `_`), so no binary file is kept in the repository.
 * A tiny PNG writer (RGBA, 8 bits, zlib from Node) and a 4×4-supersampled rasteriser of that one
 * picture: the favicon's 32-unit coordinates, strokes 3 units wide with round ends.
 */
import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
const BACKGROUND: Rgb = [0x10, 0x14, 0x18];
const CHEVRON: Rgb = [0xf0, 0xb4, 0x29];
const UNDERSCORE: Rgb = [0xd8, 0xde, 0xe4];
const HALF_STROKE = 1.5;

/** Distance from (x, y) to the segment (ax, ay)–(bx, by). */
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** Inside the 32×32 square with corners of radius 6. */
function inRoundedSquare(x: number, y: number): boolean {
  const r = 6;
  const cx = Math.min(Math.max(x, r), 32 - r), cy = Math.min(Math.max(y, r), 32 - r);
  return x >= 0 && y >= 0 && x <= 32 && y <= 32 && Math.hypot(x - cx, y - cy) <= r;
}

/** The colour at a point of the 32-unit picture, or null where it is transparent. */
function sample(x: number, y: number, maskable: boolean): Rgb | null {
  if (!maskable && !inRoundedSquare(x, y)) return null;
  if (segment(x, y, 7, 10, 13, 16) <= HALF_STROKE || segment(x, y, 13, 16, 7, 22) <= HALF_STROKE) return CHEVRON;
  if (segment(x, y, 16, 22, 25, 22) <= HALF_STROKE) return UNDERSCORE;
  return BACKGROUND;
}

/**
 * The icon's pixels, `size`×`size` RGBA. A maskable icon fills the whole square (the platform cuts
 * its own shape) and keeps the picture inside the central 80 % safe zone.
 */
export function iconPixels(size: number, maskable: boolean): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const scale = maskable ? 0.7 : 1; // the picture, around the centre
  const N = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const u = ((px + (sx + 0.5) / N) / size) * 32, v = ((py + (sy + 0.5) / N) / size) * 32;
          const c = sample(16 + (u - 16) / scale, 16 + (v - 16) / scale, maskable) ?? (maskable ? BACKGROUND : null);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a++;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) { out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a); }
      out[i + 3] = Math.round((a / (N * N)) * 255);
    }
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG file of RGBA pixels. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // no filter
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array(0)),
  ]);
}

export const iconPng = (size: number, maskable = false) => encodePng(size, size, iconPixels(size, maskable));
