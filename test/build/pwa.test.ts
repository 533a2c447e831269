/**
 * The network build as a PWA (scripts/pwa.ts): the web manifest and its icons, the list of files
 * the service worker keeps and its version, and one real build (into a temporary directory) whose
 * sw.js must list exactly the files that build wrote — a file it forgot would fail offline.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync, inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { productionBuild } from '../../bench/production-build';
import { ICONS, MANIFEST_FILE, SW_FILE, buildVersion, bundleWorker, filesToKeep, webManifest } from '../../scripts/pwa';
import { encodePng, iconPixels, iconPng } from '../../scripts/pwa-icons';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]));
}

/** Width, height and RGBA pixels of a PNG written by encodePng (one IDAT, no filters). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  const idatLen = png.readUInt32BE(33);
  expect(png.subarray(37, 41).toString('latin1')).toBe('IDAT');
  const rows = inflateSync(png.subarray(41, 41 + idatLen));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) rows.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

describe('the web manifest and icons', () => {
  it('has what an installable app needs: names, start URL and scope, standalone, PNG icons of 192 and 512, a maskable one', () => {
    const m = webManifest() as { icons: Array<{ src: string; sizes: string; type: string; purpose?: string }> } & Record<string, unknown>;
    expect(m['name']).toBe('key_mgmt_util playground');
    expect(m['short_name']).toBeTruthy();
    expect(m['start_url']).toBe('./');
    expect(m['scope']).toBe('./');
    expect(m['display']).toBe('standalone');
    const png = m.icons.filter((i) => i.type === 'image/png');
    expect(png.map((i) => i.sizes)).toEqual(['192x192', '512x512', '512x512']);
    expect(png.filter((i) => i.purpose === 'maskable')).toHaveLength(1);
  });

  it('the icons are valid PNGs of the favicon\'s picture: transparent corners, the dark square, the amber chevron', () => {
    const { width, height, rgba } = decodePng(iconPng(192));
    expect([width, height]).toEqual([192, 192]);
    const px = (x: number, y: number) => [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
    expect(px(0, 0)[3]).toBe(0); // outside the rounded corner
    expect(px(96, 30)).toEqual([0x10, 0x14, 0x18, 255]); // the background
    expect(px(Math.round((13 / 32) * 192), 96)).toEqual([0xf0, 0xb4, 0x29, 255]); // the chevron's tip
    const maskable = decodePng(iconPng(64, true));
    expect(maskable.rgba[3]).toBe(255); // a maskable icon fills its square
    expect(encodePng(2, 1, iconPixels(2, false).subarray(0, 8)).length).toBeGreaterThan(40);
  });
});

describe('what the service worker keeps', () => {
  it('every file but itself, source maps and the host\'s _headers; the page as the scope URL', () => {
    expect(filesToKeep(['index.html', 'sw.js', 'assets/a-1.js', 'assets/a-1.js.map', 'favicon.svg', 'assets/a-1.js', '_headers']))
      .toEqual(['', 'assets/a-1.js', 'favicon.svg']);
  });

  it('the version changes with any file\'s name or bytes, not with their order', () => {
    const a = buildVersion([['index.html', 'x'], ['assets/a.js', new Uint8Array([1])]]);
    expect(buildVersion([['assets/a.js', new Uint8Array([1])], ['index.html', 'x']])).toBe(a);
    expect(buildVersion([['index.html', 'x'], ['assets/a.js', new Uint8Array([2])]])).not.toBe(a);
    expect(buildVersion([['index.html', 'x'], ['assets/b.js', new Uint8Array([1])]])).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a real build: sw.js lists exactly the files written, links the manifest, and is small', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kmu-pwa-'));
    dirs.push(outDir);
    await productionBuild({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const written = walk(outDir);
    for (const f of [SW_FILE, MANIFEST_FILE, ...ICONS.map((i) => i.file)]) expect(written).toContain(f);
    const sw = readFileSync(join(outDir, SW_FILE), 'utf8');
    // (the minifier may write the list as one string it splits: read the names, not the syntax)
    const kept = filesToKeep(written);
    for (const f of kept.filter(Boolean)) expect(sw, f).toContain(f);
    const named = new Set(sw.match(/(?:assets|icons)\/[\w.-]+\.\w+/g));
    expect([...named].sort()).toEqual(kept.filter((f) => /^(assets|icons)\//.test(f)));
    expect(kept.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(kept).toContain('');
    expect(sw).not.toMatch(/^\s*(import|export)\b/m); // a classic script
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain(`<link rel="manifest" href="/${MANIFEST_FILE}">`);
    const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as { icons: Array<{ src: string }> };
    for (const icon of manifest.icons) expect(written).toContain(icon.src);
    const logic = await bundleWorker(ROOT, { version: '0123456789abcdef', files: [] });
    console.log(`sw.js: ${sw.length} B (${gzipSync(sw, { level: 9 }).length} B gzip), of which the worker's code ${logic.length} B ` +
      `(${gzipSync(logic, { level: 9 }).length} B gzip); ${kept.length} files kept`);
    expect(gzipSync(logic, { level: 9 }).length).toBeLessThan(2048);
  }, 180_000);
});
