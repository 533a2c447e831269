/** What `diff` does (its table and command are in diff.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import type { FileRecord } from '../../hsm/model';
import { baseName, isDir, resolvePath } from '../../hsm/vfs';
import { concat, helpText, isResult, parseArgs, result, splitLines, usageError, utf8 } from './tools';
import { DIFF } from './diff';

/** The changed lines of each file (GNU's `changed` vectors), from line equivalence classes. */
export function diffLines(a: readonly number[], b: readonly number[]): [boolean[], boolean[]] {
  const changed: [boolean[], boolean[]] = [new Array<boolean>(a.length).fill(false), new Array<boolean>(b.length).fill(false)];
  const files = [a, b] as const;
  // discard_confusing_lines: lines without a match in the other file are changes for sure; lines
  // with very many matches are set aside when they sit inside such a run
  const counts = [new Map<number, number>(), new Map<number, number>()];
  files.forEach((f, k) => f.forEach((e) => counts[k]!.set(e, (counts[k]!.get(e) ?? 0) + 1)));
  const discarded: number[][] = [];
  for (let f = 0; f < 2; f++) {
    const eq = files[f]!;
    const other = counts[1 - f]!;
    let many = 5;
    let tem = Math.floor(eq.length / 64);
    while ((tem >>= 2) > 0) many *= 2;
    discarded.push(eq.map((e) => {
      const n = other.get(e) ?? 0;
      return n === 0 ? 1 : n > many ? 2 : 0;
    }));
  }
  for (let f = 0; f < 2; f++) {
    const d = discarded[f]!;
    const end = d.length;
    for (let i = 0; i < end; i++) {
      if (d[i] === 2) d[i] = 0;
      else if (d[i] !== 0) {
        let j: number;
        let provisional = 0;
        for (j = i; j < end; j++) {
          if (d[j] === 0) break;
          if (d[j] === 2) provisional++;
        }
        while (j > i && d[j - 1] === 2) {
          d[--j] = 0;
          provisional--;
        }
        const length = j - i;
        if (provisional * 4 > length) {
          while (j > i) if (d[--j] === 2) d[j] = 0;
        } else {
          let minimum = 1;
          let t = length >> 2;
          while (0 < (t >>= 2)) minimum <<= 1;
          minimum++;
          let consec = 0;
          for (j = 0; j < length; j++) {
            if (d[i + j] !== 2) consec = 0;
            else if (minimum === ++consec) j -= consec;
            else if (minimum < consec) d[i + j] = 0;
          }
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i + j] === 1) break;
            if (d[i + j] === 2) {
              consec = 0;
              d[i + j] = 0;
            } else if (d[i + j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
          i += length - 1;
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && d[i - j] === 1) break;
            if (d[i - j] === 2) {
              consec = 0;
              d[i - j] = 0;
            } else if (d[i - j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
        }
      }
    }
  }
  const undiscarded: number[][] = [[], []];
  const realindex: number[][] = [[], []];
  for (let f = 0; f < 2; f++) {
    files[f]!.forEach((e, i) => {
      if (discarded[f]![i] === 0) {
        undiscarded[f]!.push(e);
        realindex[f]!.push(i);
      } else changed[f]![i] = true;
    });
  }
  // compareseq / diag on the lines kept
  const xv = undiscarded[0]!;
  const yv = undiscarded[1]!;
  const n = xv.length + yv.length + 3;
  const fdiag = new Int32Array(2 * n + 2);
  const bdiag = new Int32Array(2 * n + 2);
  const off = n + 1 - 0; // index of diagonal 0 is off + yv.length … keep every diagonal inside
  const D = (d: number) => d + off;
  const BIG = 0x7fffffff;
  // GNU's cut-off: beyond about the square root of the input (at least 4096 edit steps) the
  // search stops at the best point found so far, so a pathological pair never hangs the page
  let tooExpensive = 1;
  for (let diags = xv.length + yv.length + 3; diags !== 0; diags = Math.floor(diags / 4)) tooExpensive *= 2;
  tooExpensive = Math.max(4096, tooExpensive);
  /** The middle of an optimal (or, past the cut-off, a good) path, and whether each half must be minimal. */
  const diag = (xoff: number, xlim: number, yoff: number, ylim: number, minimal: boolean): [number, number, boolean, boolean] => {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fdiag[D(fmid)] = xoff;
    bdiag[D(bmid)] = xlim;
    for (let c = 1; ; c++) {
      if (fmin > dmin) fdiag[D(--fmin - 1)] = -1;
      else ++fmin;
      if (fmax < dmax) fdiag[D(++fmax + 1)] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fdiag[D(d - 1)]!;
        const thi = fdiag[D(d + 1)]!;
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0;
        let y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        fdiag[D(d)] = x;
        if (odd && bmin <= d && d <= bmax && bdiag[D(d)]! <= x) return [x, y, true, true];
      }
      if (bmin > dmin) bdiag[D(--bmin - 1)] = BIG;
      else ++bmin;
      if (bmax < dmax) bdiag[D(++bmax + 1)] = BIG;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bdiag[D(d - 1)]!;
        const thi = bdiag[D(d + 1)]!;
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0;
        let y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        bdiag[D(d)] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fdiag[D(d)]!) return [x, y, true, true];
      }
      if (minimal || c < tooExpensive) continue;
      let fxybest = -1;
      let fxbest = 0;
      for (let d = fmax; d >= fmin; d -= 2) {
        let x = Math.min(fdiag[D(d)]!, xlim);
        let y = x - d;
        if (ylim < y) {
          x = ylim + d;
          y = ylim;
        }
        if (fxybest < x + y) {
          fxybest = x + y;
          fxbest = x;
        }
      }
      let bxybest = BIG;
      let bxbest = 0;
      for (let d = bmax; d >= bmin; d -= 2) {
        let x = Math.max(xoff, bdiag[D(d)]!);
        let y = x - d;
        if (y < yoff) {
          x = yoff + d;
          y = yoff;
        }
        if (x + y < bxybest) {
          bxybest = x + y;
          bxbest = x;
        }
      }
      if (xlim + ylim - bxybest < fxybest - (xoff + yoff)) return [fxbest, fxybest - fxbest, true, false];
      return [bxbest, bxybest - bxbest, false, true];
    }
  };
  const stack: Array<[number, number, number, number, boolean]> = [[0, xv.length, 0, yv.length, false]];
  while (stack.length) {
    const top = stack.pop()!;
    let [xoff, xlim, yoff, ylim] = top;
    const minimal = top[4];
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
      xoff++;
      yoff++;
    }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) for (; yoff < ylim; yoff++) changed[1]![realindex[1]![yoff]!] = true;
    else if (yoff === ylim) for (; xoff < xlim; xoff++) changed[0]![realindex[0]![xoff]!] = true;
    else {
      const [xmid, ymid, loMinimal, hiMinimal] = diag(xoff, xlim, yoff, ylim, minimal);
      stack.push([xmid, xlim, ymid, ylim, hiMinimal]);
      stack.push([xoff, xmid, yoff, ymid, loMinimal]);
    }
  }
  shiftBoundaries(files, changed);
  return changed;
}

/**
 * As diff runs it: the identical lines at both ends are set aside first, all but `horizon` of them
 * (the context lines of the output format: 0 for the normal format), so a run of changes never
 * slides into them; the rest goes through diffLines.
 */
export function changedLines(a: readonly number[], b: readonly number[], horizon: number): [boolean[], boolean[]] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const p = Math.max(0, prefix - horizon);
  const s = Math.max(0, suffix - horizon);
  const [ma, mb] = diffLines(a.slice(p, a.length - s), b.slice(p, b.length - s));
  const pad = (n: number) => new Array<boolean>(n).fill(false);
  return [[...pad(p), ...ma, ...pad(s)], [...pad(p), ...mb, ...pad(s)]];
}

/** GNU's shift_boundaries: slide each run of changes to merge with others, else as far down as it goes. */
function shiftBoundaries(files: readonly (readonly number[])[], changedArr: [boolean[], boolean[]]): void {
  for (let f = 0; f < 2; f++) {
    const equivs = files[f]!;
    const iEnd = equivs.length;
    // index -1 and the end read as unchanged (GNU's sentinels)
    const ch = changedArr[f]!;
    const oc = changedArr[1 - f]!;
    const changed = (k: number) => k >= 0 && k < ch.length && ch[k]!;
    const other = (k: number) => k >= 0 && k < oc.length && oc[k]!;
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < iEnd && !changed(i)) {
        while (other(j++));
        i++;
      }
      if (i === iEnd) break;
      let start = i;
      while (changed(++i));
      while (other(j)) j++;
      let runlength: number;
      let corresponding: number;
      do {
        runlength = i - start;
        while (start && equivs[start - 1] === equivs[i - 1]) {
          ch[--start] = true;
          ch[--i] = false;
          while (changed(start - 1)) start--;
          while (other(--j));
        }
        corresponding = other(j - 1) ? i : iEnd;
        while (i !== iEnd && equivs[start] === equivs[i]) {
          ch[start++] = false;
          ch[i++] = true;
          while (changed(i)) i++;
          while (other(++j)) corresponding = i;
        }
      } while (runlength !== i - start);
      while (corresponding < i) {
        ch[--start] = true;
        ch[--i] = false;
        while (other(--j));
      }
    }
  }
}

interface Hunk { a0: number; a1: number; b0: number; b1: number }

/** Runs of changes as GNU's build_script makes them (half-open line ranges of each file). */
function hunks(ca: readonly boolean[], cb: readonly boolean[]): Hunk[] {
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < ca.length || j < cb.length) {
    if ((i < ca.length && ca[i]) || (j < cb.length && cb[j])) {
      const a0 = i;
      const b0 = j;
      while (i < ca.length && ca[i]) i++;
      while (j < cb.length && cb[j]) j++;
      out.push({ a0, a1: i, b0, b1: j });
    } else {
      i++;
      j++;
    }
  }
  return out;
}

const range = (lo: number, hi: number) => (hi - lo <= 1 ? `${hi - lo === 1 ? lo + 1 : lo}` : `${lo + 1},${hi}`);
const NO_NL = utf8('\n\\ No newline at end of file\n');

function line(prefix: string, l: Uint8Array): Uint8Array[] {
  return l[l.length - 1] === 0x0a ? [utf8(prefix), l] : [utf8(prefix), l, NO_NL];
}

/** The normal format. */
export function normalDiff(la: readonly Uint8Array[], lb: readonly Uint8Array[], hs: readonly Hunk[]): Uint8Array {
  const out: Uint8Array[] = [];
  for (const h of hs) {
    const op = h.a0 === h.a1 ? 'a' : h.b0 === h.b1 ? 'd' : 'c';
    const ra = op === 'a' ? `${h.a0}` : range(h.a0, h.a1);
    const rb = op === 'd' ? `${h.b0}` : range(h.b0, h.b1);
    out.push(utf8(`${ra}${op}${rb}\n`));
    for (let k = h.a0; k < h.a1; k++) out.push(...line('< ', la[k]!));
    if (op === 'c') out.push(utf8('---\n'));
    for (let k = h.b0; k < h.b1; k++) out.push(...line('> ', lb[k]!));
  }
  return concat(out);
}

/** The unified format's hunks, N lines of context, groups closer than 2N+1 lines merged. */
export function unifiedDiff(la: readonly Uint8Array[], lb: readonly Uint8Array[], hs: readonly Hunk[], ctx: number): Uint8Array {
  const out: Uint8Array[] = [];
  let k = 0;
  while (k < hs.length) {
    let e = k;
    while (e + 1 < hs.length && hs[e + 1]!.a0 - hs[e]!.a1 <= 2 * ctx) e++;
    const first = hs[k]!;
    const last = hs[e]!;
    const a0 = Math.max(0, first.a0 - ctx);
    const b0 = first.b0 - (first.a0 - a0);
    const a1 = Math.min(la.length, last.a1 + ctx);
    const b1 = last.b1 + (a1 - last.a1);
    const span = (lo: number, hi: number) => (hi - lo === 1 ? `${lo + 1}` : hi === lo ? `${lo},0` : `${lo + 1},${hi - lo}`);
    out.push(utf8(`@@ -${span(a0, a1)} +${span(b0, b1)} @@\n`));
    let i = a0;
    for (let h = k; h <= e; h++) {
      const hk = hs[h]!;
      for (; i < hk.a0; i++) out.push(...line(' ', la[i]!));
      for (let x = hk.a0; x < hk.a1; x++) out.push(...line('-', la[x]!));
      for (let y = hk.b0; y < hk.b1; y++) out.push(...line('+', lb[y]!));
      i = hk.a1;
    }
    for (; i < a1; i++) out.push(...line(' ', la[i]!));
    k = e + 1;
  }
  return concat(out);
}

/** diff's timestamp: `2026-11-29 17:00:00.000000000 +0000` (UTC). */
function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (v: number, n = 2) => String(v).padStart(n, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000000 +0000`;
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const parsed = parseArgs(DIFF, args);
  if (isResult(parsed)) return parsed;
  if (parsed.help) return result(helpText(DIFF), '', 0);
  let brief = false;
  let same = false;
  let unified = -1;
  let text = false;
  for (const g of parsed.given) {
    if (g.key === 'q') brief = true;
    else if (g.key === 's') same = true;
    else if (g.key === 'u') unified = 3;
    else if (g.key === 'a') text = true;
    else if (g.key === 'U') {
      if (!/^\d+$/.test(g.value!)) return usageError(DIFF, `invalid context length '${g.value}'`);
      unified = Number(g.value);
    }
  }
  const ops = parsed.operands;
  if (ops.length < 2) return usageError(DIFF, `missing operand after '${ops.length ? ops[0] : 'diff'}'`);
  if (ops.length > 2) return usageError(DIFF, `extra operand '${ops[2]}'`);
  const names = [ops[0]!, ops[1]!];
  const files: Array<{ name: string; data: Uint8Array; mtime: number }> = [];
  let problem = '';
  await ctx.hsm.transact(async (tx) => {
    files.length = 0;
    problem = '';
    // a directory and a file: the file of the same name in the directory (as diff does)
    const dirs = await Promise.all(names.map((n) => (n === '-' ? false : isDir(tx, resolvePath(ctx.cwd, n)))));
    if (dirs[0] && dirs[1]) {
      problem = 'diff: comparing directories is not offered in this playground\n';
      return;
    }
    for (let k = 0; k < 2; k++) {
      let name = names[k]!;
      if (dirs[k]) name = `${name.replace(/\/+$/, '')}/${baseName(resolvePath(ctx.cwd, names[1 - k]!))}`;
      if (name === '-') {
        files.push({ name, data: ctx.stdin ?? new Uint8Array(0), mtime: ctx.hsm.deps.clock.now() });
        continue;
      }
      const rec = await tx.get<FileRecord>('files', resolvePath(ctx.cwd, name));
      if (rec?.kind !== 'file') {
        problem = `diff: ${name}: No such file or directory\n`;
        return;
      }
      files.push({ name, data: rec.data ?? new Uint8Array(0), mtime: rec.mtime });
    }
  });
  if (problem) return { output: '', stderr: problem, status: 2 };
  const [A, B] = files as [typeof files[0], typeof files[0]];
  const equal = A.data.length === B.data.length && A.data.every((x, i) => x === B.data[i]);
  if (equal) return result(same ? `Files ${A.name} and ${B.name} are identical\n` : '', '', 0);
  if (brief) return result(`Files ${A.name} and ${B.name} differ\n`, '', 1);
  if (!text && (A.data.includes(0) || B.data.includes(0))) return result(`Binary files ${A.name} and ${B.name} differ\n`, '', 1);
  const la = splitLines(A.data);
  const lb = splitLines(B.data);
  const classes = new Map<string, number>();
  const decoder = new TextDecoder('latin1');
  const eq = (ls: Uint8Array[]) => ls.map((l) => {
    const key = decoder.decode(l);
    let c = classes.get(key);
    if (c === undefined) classes.set(key, (c = classes.size + 1));
    return c;
  });
  const [ca, cb] = changedLines(eq(la), eq(lb), unified < 0 ? 0 : unified);
  const hs = hunks(ca, cb);
  if (unified < 0) return result(normalDiff(la, lb, hs), '', 1);
  const header = utf8(`--- ${A.name}\t${stamp(A.mtime)}\n+++ ${B.name}\t${stamp(B.mtime)}\n`);
  return result(concat([header, unifiedDiff(la, lb, hs, unified)]), '', 1);
}
