/**
 * What lessons 1–6 tell the learner beyond their goals, checked on the real console: the replay
 * (solutions.test.ts) proves each goal; these prove the sentences around them — the values a file
 * shows, the code a tempting wrong command answers, what survives a logout — so a change in the
 * playground that makes a lesson's text untrue fails here instead of misleading a learner.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { replayUpTo, type LessonReplay } from '../support/lesson-replay';
import imsymkeyImport from '../../src/lessons/data/01-imsymkey-import';
import exportAndProve from '../../src/lessons/data/02-export-and-prove';
import sessionVsToken from '../../src/lessons/data/03-session-vs-token';
import moveBetweenClusters from '../../src/lessons/data/04-move-between-clusters';
import wrapMechanisms from '../../src/lessons/data/05-wrap-mechanisms';
import shareAKey from '../../src/lessons/data/06-share-a-key';

const upTo = replayUpTo;

const fileText = async (r: LessonReplay, path: string): Promise<string> => {
  const facts = await r.terminal.session.lessonFacts();
  const f = facts.files.find((x) => x.path.endsWith(`/${path}`));
  if (!f) throw new Error(`no file ${path}`);
  return new TextDecoder().decode(f.data);
};

describe('lesson texts say what the playground does', () => {
  it('1: the guide\'s handle 262180; OBJ_ATTR_LOCAL reads 0x00000000 for the imported key and 0x00000001 for key 20', async () => {
    const r = await upTo(imsymkeyImport);
    expect(r.bindings.imported).toBe(262180);
    expect(await fileText(r, 'imported-local.txt')).toBe('OBJ_ATTR_LOCAL\n0x00000000\n');
    expect(await fileText(r, 'wrapping-local.txt')).toBe('OBJ_ATTR_LOCAL\n0x00000001\n');
  }, 60_000);

  it('2: the two KCV files read alike, and diff prints nothing', async () => {
    const r = await upTo(exportAndProve);
    expect(await fileText(r, 'kcv-roundtrip.txt')).toMatch(/^OBJ_ATTR_KCV\n0x[0-9a-f]{6}\n$/);
    await r.run('exit');
    expect((await r.run('diff kcv-imported.txt kcv-roundtrip.txt')).out).toBe('');
  }, 60_000);

  it('3: the guide\'s session handle 37; an answer of 0 is refused with 0xe1; the kept key survives logout', async () => {
    const r = await upTo(sessionVsToken);
    expect(r.bindings.temp).toBe(37);
    const zero = await r.run(`setAttribute -o ${r.bindings.kept} -a 1`);
    expect(zero.event).toBeNull(); // it asks
    expect((await r.run('0')).event?.codes).toContain(0xe1);
    await r.run('logoutHSM');
    await r.run('loginHSM -u CU -s example_user -p example_pwd');
    expect((await r.run('findKey -sess 0')).out).toContain(String(r.bindings.kept));
  }, 60_000);

  it('4: the key arrives under another handle than 14, and diff of the KCV files prints nothing', async () => {
    const r = await upTo(moveBetweenClusters);
    expect(r.bindings.arrived).not.toBe(14);
    expect((await r.run('diff kcv-cluster-1.txt kcv-cluster-2.txt')).out).toBe('');
  }, 60_000);

  it('5: a wrong mechanism or the default check block on the RFC 5649 blob fails with 0xe5; -m 4 opened as RFC 3394 keeps eight 08 bytes', async () => {
    const r = await upTo(wrapMechanisms);
    expect((await r.run('unWrapKey -f payload.m6 -w 6 -m 5 -noheader -l wrong -kc 4 -kt 31')).event?.codes).toContain(0xe5);
    expect((await r.run('aesWrapUnwrap -m 0 -f payload.m6 -w 6 -out x.plain')).event?.codes).toContain(0xe5);
    const facts = await r.terminal.session.lessonFacts();
    const payload = facts.clusters[0]!.keys.find((k) => k.handle === r.bindings.payload)!;
    const m4 = facts.files.find((f) => f.path.endsWith('/m4.plain'))!.data;
    expect(Buffer.from(m4).toString('hex')).toBe(Buffer.from(payload.material).toString('hex') + '08'.repeat(8));
  }, 60_000);

  it('6: bob is user 4; bob cannot delete the shared key (0xc6); after the unshare bob cannot use it (0xc6) and keeps bob-key', async () => {
    const mid = await upTo(shareAKey, 4);
    expect((await mid.run(`deleteKey -k ${mid.bindings.team}`)).event?.codes).toContain(0xc6);

    const r = await upTo(shareAKey);
    expect((await r.run('listUsers')).out).toMatch(/^\s+4\s+CU\s+bob\s/m);
    await r.run('quit');
    await r.run('key_mgmt_util');
    await r.run('loginHSM -u CU -s bob -p bob_pwd');
    expect((await r.run(`imSymKey -f bob.key -w ${r.bindings.team} -t 31 -l again`)).event?.codes).toContain(0xc6);
    const facts = await r.terminal.session.lessonFacts();
    expect(facts.clusters[0]!.keys.find((k) => k.handle === r.bindings.bobkey)?.owner).toBe('bob');
  }, 60_000);

  it('the lesson files hold data only (no functions, no imports but types and the guide scenarios)', () => {
    for (const n of ['01-imsymkey-import', '02-export-and-prove', '03-session-vs-token', '04-move-between-clusters', '05-wrap-mechanisms', '06-share-a-key']) {
      const src = readFileSync(new URL(`../../src/lessons/data/${n}.ts`, import.meta.url), 'utf8');
      const imports = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
      for (const i of imports) expect(['../format', '../../scenarios/guide'], `${n} imports ${i}`).toContain(i);
      expect(src, n).not.toMatch(/=>|\bfunction\b|\beval\b/);
    }
  });
});
