/**
 * The framing headers (issue 14, item 2; scripts/frame-headers.ts): the full playground may never be
 * framed, the embed only by itself and the deployer's allow-list, and a bad list entry stops the build.
 */
import { describe, expect, it } from 'vitest';
import { frameHeaders } from '../../scripts/frame-headers';

/** path → its header lines, from the `_headers` text. */
function rules(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let path = '';
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) { path = line; out.set(path, []); continue; }
    out.get(path)!.push(line.trim());
  }
  return out;
}

describe('_headers', () => {
  it('forbids framing the full page, and lets only the site and the allow-list frame the embed', () => {
    const r = rules(frameHeaders(['https://docs.example.com', 'http://127.0.0.1:4174']));
    for (const p of ['/', '/index.html', '/docs/*']) {
      expect(r.get(p), p).toEqual(["Content-Security-Policy: frame-ancestors 'none'", 'X-Frame-Options: DENY']);
    }
    expect(r.get('/embed.html')).toEqual(["Content-Security-Policy: frame-ancestors 'self' https://docs.example.com http://127.0.0.1:4174"]);
    expect(r.get('/kmu-console.js')).toEqual(['Access-Control-Allow-Origin: *']);
    // no catch-all rule: its 'none' would be combined with the embed's own header
    expect([...r.keys()].filter((p) => p.endsWith('*') && p !== '/docs/*')).toEqual([]);
  });

  it('an empty list: the embed is framed by its own site only', () => {
    expect(rules(frameHeaders([])).get('/embed.html')).toEqual(["Content-Security-Policy: frame-ancestors 'self'"]);
  });

  it('refuses what is not an origin (a path, a wildcard, a keyword, a header break)', () => {
    for (const bad of ['https://docs.example.com/', 'https://*.example.com', "'unsafe-inline'", '*', 'https://a.com\n/x', 'javascript:alert(1)', 'https://a.com;']) {
      expect(() => frameHeaders([bad]), bad).toThrow(/not an origin/);
    }
  });
});
