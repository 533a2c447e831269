/**
 * The embed API's allow-list (src/embed/allow-list.ts) and its build-time reading
 * (scripts/embed-build.ts): the deployer's file is checked strictly, test origins are only in the
 * embed-test build, and the opaque origin is never allowed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMBED_ORIGINS, originAllowed } from '../../src/embed/allow-list';
import { embedOrigins, parseOriginList } from '../../scripts/embed-build';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('originAllowed', () => {
  const own = 'https://kmu.example';
  const list = ['https://docs.example.com', 'http://127.0.0.1:4180'];

  it('allows the embed\'s own origin and the listed ones, exactly', () => {
    expect(originAllowed(own, own, list)).toBe(true);
    expect(originAllowed('https://docs.example.com', own, list)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4180', own, list)).toBe(true);
    for (const o of ['https://docs.example.com:443', 'https://docs.example.com/', 'http://docs.example.com', 'https://evil.docs.example.com',
      'https://docs.example.com.evil', 'https://DOCS.example.com', 'http://127.0.0.1:4181', 'http://localhost:4180', '*', '']) {
      expect(originAllowed(o, own, list), o).toBe(false);
    }
  });

  it('never allows the opaque origin, not even an opaque embed\'s own', () => {
    expect(originAllowed('null', own, ['null'])).toBe(false);
    expect(originAllowed('null', 'null', [])).toBe(false);
    expect(originAllowed(undefined, own, list)).toBe(false);
    expect(originAllowed(null, own, list)).toBe(false);
  });

  it('this build\'s list is what embed-origins.json says (vitest builds in mode test, not embed-test)', () => {
    expect(EMBED_ORIGINS).toEqual(parseOriginList(readFileSync(`${ROOT}embed-origins.json`, 'utf8'), 'embed-origins.json'));
    expect(Object.isFrozen(EMBED_ORIGINS)).toBe(true);
  });
});

describe('the allow-list file, read at build time', () => {
  it('takes exactly { "origins": [...] } of browser-serialized https origins (http on loopback only)', () => {
    expect(parseOriginList('{"origins":[]}', 'f')).toEqual([]);
    expect(parseOriginList('{"origins":["https://docs.example.com","https://a.example:8443","http://localhost:4180","https://docs.example.com"]}', 'f'))
      .toEqual(['https://docs.example.com', 'https://a.example:8443', 'http://localhost:4180']);
    for (const bad of ['', '[]', '{}', '{"origins":"https://a.example"}', '{"origins":[],"more":1}', '{"origins":[1]}',
      '{"origins":["https://a.example/"]}', '{"origins":["https://a.example/docs"]}', '{"origins":["https://a.example:443"]}',
      '{"origins":["HTTPS://A.example"]}', '{"origins":["*"]}', '{"origins":["https://*.example.com"]}', '{"origins":["null"]}',
      '{"origins":["http://docs.example.com"]}', '{"origins":["file:///x"]}', '{"origins":["data:text/html,x"]}', '{"origins":["a.example"]}',
      '{"__proto__":{"origins":[]}}']) {
      expect(() => parseOriginList(bad, 'embed-origins.json'), bad).toThrow(/^embed-origins\.json: /);
    }
  });

  it('test origins only in the embed-test build', () => {
    const test = parseOriginList(readFileSync(`${ROOT}embed-origins.test.json`, 'utf8'), 'embed-origins.test.json');
    expect(test.length).toBeGreaterThan(0);
    expect(embedOrigins(ROOT, 'embed-test')).toEqual(test);
    for (const mode of ['production', 'development', 'single', 'test']) {
      const list = embedOrigins(ROOT, mode);
      expect(list.filter((o) => test.includes(o)), mode).toEqual([]);
    }
  });
});
