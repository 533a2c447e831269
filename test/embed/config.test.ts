/**
 * Embed mode's URL configuration (issue 14, item 1): query and fragment (the fragment wins),
 * newline-separated script and preamble lines, defaults, and a strict refusal — with a sentence —
 * of unknown parameters (`__proto__` included), repeated ones, values out of range, control
 * characters and oversized scripts. Never throws, whatever it is given.
 */
import { describe, expect, it } from 'vitest';
import { EMBED_PARAMS, MAX_LINE, MAX_LINES, parseEmbedConfig, type EmbedConfig } from '../../src/embed/config';

const ok = (search: string, hash = ''): EmbedConfig => {
  const r = parseEmbedConfig(search, hash);
  if (!r.ok) throw new Error(`refused: ${r.why}`);
  return r.config;
};
const why = (search: string, hash = ''): string => {
  const r = parseEmbedConfig(search, hash);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.config)}`);
  return r.why;
};
const enc = encodeURIComponent;

describe('parseEmbedConfig', () => {
  it('gives the defaults for an empty address: seed 1, realistic handles, click-to-load', () => {
    expect(ok('', '')).toEqual({
      script: [], autorun: false, readonly: false, preamble: [], seed: 1, handles: 'realistic', theme: 'auto',
      rows: null, height: null, panels: [], lesson: null, loadNow: false,
    });
    expect(ok('?', '#')).toEqual(ok('', ''));
  });

  it('reads every parameter from the query or the fragment', () => {
    const c = ok(`?script=${enc('key_mgmt_util\nloginHSM -u CU -s example_user -p example_pwd')}&autorun&readonly=1`,
      `#preamble=${enc('key_mgmt_util')}&seed=7&handles=simple&theme=dark&rows=20&panels=inventory,files&lesson=import-aes&load=now`);
    expect(c).toEqual({
      script: ['key_mgmt_util', 'loginHSM -u CU -s example_user -p example_pwd'], autorun: true, readonly: true,
      preamble: ['key_mgmt_util'], seed: 7, handles: 'simple', theme: 'dark', rows: 20, height: null,
      panels: ['inventory', 'files'], lesson: 'import-aes', loadNow: true,
    });
  });

  it('lets the fragment win where both name a parameter', () => {
    expect(ok('?seed=3&theme=light', '#seed=9').seed).toBe(9);
    expect(ok('?seed=3&theme=light', '#seed=9').theme).toBe('light');
    expect(ok('?script=a', '#script=b').script).toEqual(['b']);
  });

  it('takes lines newline-separated (LF or CR LF), from repeated parameters in order, a trailing empty line dropped', () => {
    expect(ok(`?script=${enc('a\r\nb\n')}`).script).toEqual(['a', 'b']);
    expect(ok('?script=a&script=b%0Ac').script).toEqual(['a', 'b', 'c']);
    expect(ok('?script=').script).toEqual(['']);
    expect(ok(`?script=${enc('a\n\nb')}`).script).toEqual(['a', '', 'b']);
    expect(ok('?script=genSymKey+-t+31+-s+32+-l+aes').script).toEqual(['genSymKey -t 31 -s 32 -l aes']);
  });

  it('reads flags as present, 1/0 or true/false', () => {
    expect(ok('?autorun=true&readonly=0').autorun).toBe(true);
    expect(ok('?autorun=true&readonly=0').readonly).toBe(false);
    expect(why('?autorun=yes')).toMatch(/autorun/);
  });

  it('lets rows win over height, and keeps height alone', () => {
    expect(ok('?rows=10&height=300')).toMatchObject({ rows: 10, height: null });
    expect(ok('?height=300')).toMatchObject({ rows: null, height: 300 });
  });

  it('refuses unknown parameters, __proto__ and constructor included', () => {
    expect(why('?scripts=a')).toMatch(/does not know/);
    expect(why('', '#__proto__=1')).toMatch(/does not know/);
    expect(why('?constructor=1')).toMatch(/does not know/);
    expect(why('?share=x')).toMatch(/does not know/);
    // a parameter naming the allow-list or an origin is no parameter at all
    expect(why('?origin=https://evil.example')).toMatch(/does not know/);
  });

  it('refuses a parameter given twice (but script and preamble, whose lines add up)', () => {
    expect(why('?seed=1&seed=2')).toMatch(/more than once/);
    expect(ok('?preamble=a&preamble=b').preamble).toEqual(['a', 'b']);
  });

  it('refuses values out of range', () => {
    for (const q of ['?seed=-1', '?seed=1000000000', '?seed=1.5', '?seed=', '?seed=0x10', '?rows=4', '?rows=61', '?height=79', '?height=2001',
      '?handles=fancy', '?theme=blue', '?panels=inventory,inventory', '?panels=explain', '?lesson=../x', '?lesson=A', '?load=later']) {
      expect(why(q), q).toBeTypeOf('string');
    }
    expect(ok('?seed=0').seed).toBe(0);
    expect(ok('?seed=999999999').seed).toBe(999_999_999);
    expect(ok('?panels=').panels).toEqual([]);
  });

  it('refuses control characters in lines and values, naming the line', () => {
    expect(why(`?script=${enc('ok\nbad\x1b[31m')}`)).toMatch(/Line 2 of the script holds a control character/);
    expect(why(`?preamble=${enc('a\rb')}`)).toMatch(/Line 1 of the preamble/);
    expect(why(`?script=${enc('a\tb')}`)).toMatch(/control/);
    expect(why(`?script=${enc('a\u202eb')}`)).toMatch(/control/);
    expect(why(`?script=${enc('a\u0085b')}`)).toMatch(/control/);
    expect(why(`?theme=${enc('dark\n')}`)).toMatch(/control|theme/);
  });

  it('caps the lines and their length', () => {
    expect(ok(`?script=${enc(Array(MAX_LINES).fill('a').join('\n'))}`).script).toHaveLength(MAX_LINES);
    expect(why(`?script=${enc(Array(MAX_LINES + 1).fill('a').join('\n'))}`)).toMatch(/at most 200/);
    expect(ok(`?script=${'a'.repeat(MAX_LINE)}`).script[0]).toHaveLength(MAX_LINE);
    expect(why(`?script=${'a'.repeat(MAX_LINE + 1)}`)).toMatch(/longer than 4096/);
    expect(why(`?script=${'a'.repeat(70_000)}`)).toMatch(/64 kB/);
  });

  it('refuses a damaged percent-encoding instead of throwing', () => {
    expect(why('?script=%E0%A4%A')).toMatch(/damaged/);
    expect(why('?script=%FF')).toMatch(/damaged/);
  });

  it('never throws, whatever it is given', () => {
    const junk = ['&&&', '=', '==', '?=x', '#=', '%', '?a=%', '\u0000', '?script=%00', '#script=%0D%0A%0D%0A'];
    for (const s of junk) {
      expect(() => parseEmbedConfig(s, s)).not.toThrow();
    }
    expect(parseEmbedConfig(null as unknown as string, undefined as unknown as string).ok).toBe(false);
    expect(EMBED_PARAMS).toContain('script');
  });
});
