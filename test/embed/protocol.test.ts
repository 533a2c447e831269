/**
 * The embed API's message validation (src/embed/protocol.ts): exactly one of the three requests,
 * exact keys, types and LIMITS; anything else is null, and nothing — a Proxy, a getter, a
 * `__proto__` key, a cyclic or huge value — makes it throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConnectMessage, LIMITS, parseRequest } from '../../src/embed/protocol';

describe('parseRequest', () => {
  it('takes each request exactly', () => {
    expect(parseRequest({ id: 0, type: 'run', lines: ['genSymKey -t 31 -s 16 -l k'] }))
      .toEqual({ id: 0, type: 'run', lines: ['genSymKey -t 31 -s 16 -l k'] });
    expect(parseRequest({ id: 7, type: 'reset' })).toEqual({ id: 7, type: 'reset' });
    expect(parseRequest({ id: Number.MAX_SAFE_INTEGER, type: 'getState' })).toEqual({ id: Number.MAX_SAFE_INTEGER, type: 'getState' });
    expect(parseRequest(JSON.parse('{"type":"run","lines":["",""],"id":3}'))).toEqual({ id: 3, type: 'run', lines: ['', ''] });
    const bare = Object.assign(Object.create(null) as object, { id: 1, type: 'reset' });
    expect(parseRequest(bare)).toEqual({ id: 1, type: 'reset' });
  });

  it('returns a copy: later changes to the message change nothing', () => {
    const lines = ['a'];
    const r = parseRequest({ id: 1, type: 'run', lines });
    lines[0] = 'b';
    expect(r).toEqual({ id: 1, type: 'run', lines: ['a'] });
  });

  it('refuses other types, missing or extra keys', () => {
    for (const bad of [
      { id: 1, type: 'upload' }, { id: 1, type: 'download' }, { id: 1, type: 'RUN', lines: ['x'] }, { id: 1, type: 'constructor' },
      { id: 1, type: '__proto__' }, { id: 1, type: 'toString' }, { id: 1 }, { type: 'reset' }, { id: 1, type: 'reset', lines: ['x'] },
      { id: 1, type: 'getState', extra: true }, { id: 1, type: 'run' }, { id: 1, type: 'run', lines: ['x'], more: 1 },
      { kmu: 'connect', v: 1 }, { id: 1, type: ['reset'] }, { id: 1, type: new String('reset') },
    ]) {
      expect(parseRequest(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('refuses ids that are not non-negative safe integers', () => {
    for (const id of [-1, 1.5, NaN, Infinity, 2 ** 53, '1', null, undefined, true, 1n, [1], { valueOf: () => 1 }]) {
      expect(parseRequest({ id, type: 'reset' }), String(id)).toBeNull();
    }
    expect(parseRequest({ id: -0, type: 'reset' })).toEqual({ id: 0, type: 'reset' });
    expect(Object.is(parseRequest({ id: -0, type: 'reset' })!.id, 0)).toBe(true);
  });

  it('refuses lines beyond LIMITS, of other types, or holding control characters', () => {
    const run = (lines: unknown) => parseRequest({ id: 1, type: 'run', lines });
    expect(run(Array.from({ length: LIMITS.lines }, () => 'x'))).not.toBeNull();
    expect(run(Array.from({ length: LIMITS.lines + 1 }, () => 'x'))).toBeNull();
    expect(run([])).toBeNull();
    expect(run(['x'.repeat(LIMITS.lineLength)])).not.toBeNull();
    expect(run(['x'.repeat(LIMITS.lineLength + 1)])).toBeNull();
    for (const ch of ['\n', '\r', '\t', '\0', '\x1b', '\x7f', '\x85', '\u2028', '\u2029', '\u200b', '\u202e', '\u2066', '\ufeff']) {
      expect(run([`genSymKey${ch}-t 31`]), JSON.stringify(ch)).toBeNull();
    }
    expect(run('genSymKey')).toBeNull();
    expect(run([1])).toBeNull();
    expect(run([null])).toBeNull();
    expect(run([new String('x')])).toBeNull();
    expect(run({ 0: 'x', length: 1 })).toBeNull();
    // a hole, an extra property, an array subclass
    expect(run([, 'x'])).toBeNull(); // eslint-disable-line no-sparse-arrays
    expect(run(Object.assign(['x'], { extra: 1 }))).toBeNull();
    class Lines extends Array<string> {}
    expect(run(Lines.from(['x']))).toBeNull();
  });

  it('refuses __proto__, symbol, non-enumerable and accessor keys, and runs no getter', () => {
    expect(parseRequest(JSON.parse('{"id":1,"type":"reset","__proto__":{"x":1}}'))).toBeNull();
    expect(parseRequest(JSON.parse('{"__proto__":{"id":1,"type":"reset"}}'))).toBeNull();
    expect(parseRequest({ id: 1, type: 'reset', [Symbol('s')]: 1 })).toBeNull();
    expect(parseRequest(Object.defineProperty({ id: 1, type: 'reset' }, 'hidden', { value: 1, enumerable: false }))).toBeNull();
    let ran = false;
    const getter = Object.defineProperty({ id: 1 }, 'type', { get: () => { ran = true; return 'reset'; }, enumerable: true });
    expect(parseRequest(getter)).toBeNull();
    const lines = ['x'];
    Object.defineProperty(lines, 0, { get: () => { ran = true; return 'x'; } });
    expect(parseRequest({ id: 1, type: 'run', lines })).toBeNull();
    expect(ran).toBe(false);
    // an object whose prototype is not Object's (a class instance, an inherited type)
    expect(parseRequest(Object.assign(Object.create({ type: 'reset' }) as object, { id: 1 }))).toBeNull();
    class R { id = 1; type = 'reset'; }
    expect(parseRequest(new R())).toBeNull();
  });

  it('never throws: primitives, Proxies whose traps throw, cyclic and odd values', () => {
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } });
    const cyclic: Record<string, unknown> = { id: 1, type: 'run' };
    cyclic.lines = [cyclic];
    for (const v of [undefined, null, 0, 'reset', true, Symbol('x'), 1n, () => 1, [], [1, 'run'], new Map(), new Date(), trap, cyclic,
      new Proxy({ id: 1, type: 'reset' }, { getOwnPropertyDescriptor: () => { throw new Error('trap'); } })]) {
      expect(() => parseRequest(v)).not.toThrow();
      expect(parseRequest(v)).toBeNull();
    }
  });

  it('whatever arrives, parseRequest never throws and returns null or a well-formed request', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBigInt: true, withMap: true, withSet: true }), (v) => {
      const r = parseRequest(v);
      if (r === null) return true;
      return Number.isSafeInteger(r.id) && ['run', 'reset', 'getState'].includes(r.type);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.record({ id: fc.oneof(fc.nat(), fc.integer(), fc.double()), type: fc.constantFrom('run', 'reset', 'getState', 'x'),
      lines: fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 5 }) }, { requiredKeys: ['id', 'type'] }), (v) => {
      const r = parseRequest(v);
      if (r?.type === 'run') expect(r.lines.every((l) => !/[\u0000-\u001f\u007f-\u009f]/.test(l))).toBe(true);
      return true;
    }), { numRuns: 2000 });
  });
});

describe('isConnectMessage', () => {
  it('is exactly { kmu: "connect", v: 1 }', () => {
    expect(isConnectMessage({ kmu: 'connect', v: 1 })).toBe(true);
    expect(isConnectMessage(JSON.parse('{"v":1,"kmu":"connect"}'))).toBe(true);
    for (const [i, bad] of [{ kmu: 'connect', v: 2 }, { kmu: 'connect', v: '1' }, { kmu: 'connect' }, { kmu: 'connect', v: 1, origin: '*' },
      { kmu: 'Connect', v: 1 }, JSON.parse('{"kmu":"connect","v":1,"__proto__":{}}'), ['connect', 1], 'connect', null, undefined,
      new Proxy({}, { ownKeys: () => { throw new Error('trap'); } })].entries()) {
      expect(isConnectMessage(bad), String(i)).toBe(false);
    }
  });
});
