/**
 * `explain` covers the whole spec: every return code of errors.md (§3 and §4.5), every attribute
 * and constant of attributes.md (§1, §4.1, §4.2, §4.4, §4.5, §4.6) and every command of
 * key_mgmt_util's help list (kmu-commands.md §2.4 and §1.10). The tables are read from the spec's
 * own files, copied verbatim into test/fixtures/spec/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explain, explainLines } from '../../src/commands/explain/index';

const spec = (f: string) => readFileSync(new URL(`../fixtures/spec/${f}`, import.meta.url), 'utf8');

/** The body of the section whose heading line starts with `heading`, up to the next heading. */
function section(md: string, heading: string): string {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`no heading ${heading}`);
  const end = lines.findIndex((l, i) => i > start && /^#{1,3} /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Data rows of every Markdown table in `text`, as trimmed cells (header and rule rows dropped). */
function rows(text: string): string[][] {
  const out: string[][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.startsWith('|')) continue;
    if (/^\|[\s-|]+\|$/.test(l)) continue;
    if (lines[i + 1] !== undefined && /^\|[\s-|]+\|$/.test(lines[i + 1]!)) continue; // header row
    out.push(l.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return out;
}

const text = (args: string[]) => explainLines(args).join('\n');

describe('explain covers every code of errors.md', () => {
  const errors = spec('errors.md');
  const table3 = rows(section(errors, '## 3. Every code the guide shows'));
  const table45 = rows(section(errors, '### 4.5 Reserved emulator codes'));

  it('reads the tables (a guard against a silently empty walk)', () => {
    expect(table3.length).toBeGreaterThanOrEqual(11);
    expect(table45).toHaveLength(10);
  });

  for (const row of [...table3, ...table45]) {
    const hex = /0x[0-9a-f]+/i.exec(row[0]!)?.[0];
    const name = /`([A-Z_]{6,})`/.exec(row[1] ?? '')?.[1];
    const label = hex ?? name ?? row[0]!;
    it(`${label}: name, meaning, likely cause and fix`, () => {
      const args = hex ? [hex] : [name!];
      const found = explain(args);
      expect(found, `explain ${args.join(' ')}`).toBeDefined();
      const out = text(args);
      if (hex) expect(out).toContain(hex.toLowerCase());
      if (name) expect(out).toContain(name);
      // the text the spec gives for the code appears in the explanation
      const spectext = /`([^`]*)`/.exec(row[2] ?? row[1]!)?.[1];
      if (spectext && !spectext.includes('<')) expect(out).toContain(spectext.replace(/^HSM Error: /, ''));
      expect(out).toMatch(/Meaning: \S/);
      expect(out).toMatch(/Likely cause: \S/);
      expect(out).toMatch(/Fix: \S/);
    });
  }

  it('decimal audit-log codes (157, 163) are explained as the codes they are', () => {
    expect(text(['157'])).toContain('0x9d');
    expect(text(['163'])).toContain('0xa3');
  });
});

describe('explain covers every constant of attributes.md', () => {
  const attrs = spec('attributes.md');
  const catalogue = rows(section(attrs, '## 1. Attribute catalogue'));

  it('reads the catalogue', () => expect(catalogue.length).toBeGreaterThanOrEqual(29));

  for (const row of catalogue) {
    const name = row[0]!.replace(/`/g, '');
    const dec = row[1]!;
    it(`${name} = ${dec}, by name and by number`, () => {
      expect(text([name])).toContain(`${name} = ${dec}`);
      expect(text([dec])).toContain(name);
      expect(text(['-a', dec])).toContain(name);
      expect(explain([name])![0]!.lines.join(' ').length).toBeGreaterThan(10);
    });
  }

  const constantTables: Array<[string, string, (row: string[]) => Array<[string, string]>]> = [
    ['### 4.1 Key classes', '-c', (r) => [[r[0]!, r[1]!.split(' ')[0]!.toLowerCase()]]],
    ['### 4.2 Key types', '-t', (r) => [[r[0]!, r[2]!.replace(/\s*\(.*\)/, '').replace('Triple DES', '3DES')]]],
    ['### 4.4 ECC curve ids', '-i', (r) => {
      const pairs: Array<[string, string]> = [];
      for (let i = 0; i + 1 < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
      return pairs;
    }],
    ['### 4.5 Wrapping mechanisms', '-m', (r) => (/^\d+$/.test(r[0]!.replace(/`/g, ''))
      ? [[r[0]!.replace(/`/g, ''), '']] : [])],
    ['### 4.6 Hash types', '-t', (r) => [[r[0]!, r[1]!.replace(/\s*\(.*\)/, '')]]],
  ];
  for (const [heading, flag, pick] of constantTables) {
    const table = rows(section(attrs, heading));
    it(`${heading.slice(4)}: every value (${flag})`, () => {
      const pairs = table.flatMap(pick);
      expect(pairs.length).toBeGreaterThanOrEqual(3);
      for (const [value, name] of pairs) {
        const out = text([flag, value]);
        expect(out, `explain ${flag} ${value}`).not.toMatch(/nothing known/);
        expect(out).toContain(`${flag} ${value} = `);
        if (name) expect(out.toLowerCase()).toContain(name.toLowerCase());
      }
    });
  }

  it('names of key types and classes work too', () => {
    expect(text(['AES'])).toContain('-t 31 = AES');
    expect(text(['secret'])).toContain('-c 4 = secret key');
  });
});

describe('explain covers every key_mgmt_util command', () => {
  const kmu = spec('kmu-commands.md');
  const helpBlock = section(kmu, '### 2.4 help');
  const fromHelp = [...helpBlock.matchAll(/^   (\w+)\s{2,}\S/gm)].map((m) => m[1]!).filter((n) => n !== 'Command');
  const inventory = rows(section(kmu, '### 1.10 Command inventory'))
    .flatMap((r) => r[0]!.split(',').map((n) => n.replace(/\(.*\)/, '').trim()));
  const names = [...new Set([...fromHelp, ...inventory])];

  it('reads the help list and the inventory', () => {
    expect(fromHelp.length).toBeGreaterThanOrEqual(40);
    expect(inventory).toContain('imSymKey');
  });

  for (const name of names) {
    it(`${name}: what it does and its CloudHSM CLI equivalent or "no equivalent"`, () => {
      const out = explainLines([name], () => true);
      expect(out[0]).toMatch(new RegExp(`^${name}\\b`));
      expect(out.join('\n')).toMatch(/CloudHSM CLI \(Client SDK 5\): (no equivalent|\S)/);
    });
  }

  it('imSymKey has no CLI equivalent and says what to do instead; genSymKey maps to key generate-symmetric', () => {
    expect(text(['imSymKey'])).toMatch(/CloudHSM CLI \(Client SDK 5\): no equivalent — .*key unwrap/);
    expect(text(['genSymKey'])).toContain('key generate-symmetric aes');
  });

  it('says which commands this playground offers', () => {
    expect(explainLines(['imSymKey'], (n) => n === 'imSymKey').join('\n')).toContain('In this playground: available.');
    expect(explainLines(['wrapKey'], () => false).join('\n')).toContain('not available yet');
  });
});

describe('explain input', () => {
  it('prints usage without a topic and a clear line for an unknown one; never throws', () => {
    expect(explainLines([])[0]).toMatch(/^explain TOPIC/);
    expect(explainLines(['nonsense'])).toEqual(['explain: nothing known about "nonsense". Try explain with no arguments for examples.']);
    for (const bad of [['-t'], ['-t', 'x'], ['-z', '1'], ['0x'], ['99999999999'], ['-m', '0x4'], ['"'], ['\u0000']]) {
      expect(() => explainLines(bad)).not.toThrow();
    }
  });
});
