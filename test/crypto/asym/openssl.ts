/**
 * OpenSSL 3.0 as the reference of the key-format tests (issue 12): keys generated with the
 * `openssl` CLI into a temp dir, and every form OpenSSL writes for them.
 *
 * .ci/run installs openssl; under CI=true the tests run whatever is installed, so a missing
 * openssl fails them loudly instead of skipping them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export function opensslPresent(): boolean {
  if (process.env.CI === 'true') return true;
  if (existsSync(OPENSSL)) return true;
  console.warn('SKIPPED: /usr/bin/openssl is missing — the OpenSSL interop tests of the key formats did not run');
  return false;
}

export interface Lab {
  dir: string;
  /** Run openssl; stdout as bytes. */
  run(args: string[], input?: Uint8Array | string): Buffer;
  /** Run openssl; stdout as text. */
  text(args: string[], input?: Uint8Array | string): string;
  file(name: string): string;
  write(name: string, data: Uint8Array | string): string;
  read(name: string): Buffer;
  dispose(): void;
}

export function lab(): Lab {
  const dir = mkdtempSync(join(tmpdir(), 'kmu-der-'));
  const run = (args: string[], input?: Uint8Array | string) =>
    execFileSync(OPENSSL, args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
  return {
    dir,
    run,
    text: (args, input) => run(args, input).toString('latin1'),
    file: (name) => join(dir, name),
    write: (name, data) => { writeFileSync(join(dir, name), data); return join(dir, name); },
    read: (name) => readFileSync(join(dir, name)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The hex fields of `openssl pkey -text` ("Modulus:", "pub:", "P:" …) as bytes, leading 00 kept. */
export function textFields(text: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let label: string | undefined;
  let hex = '';
  const flush = () => { if (label !== undefined) out.set(label, Buffer.from(hex, 'hex')); label = undefined; hex = ''; };
  for (const line of text.split('\n')) {
    const head = /^([A-Za-z][A-Za-z0-9 -]*):\s*$/.exec(line);
    if (head) { flush(); label = head[1]; continue; }
    if (label !== undefined && /^\s+[0-9a-f:]+\s*$/.test(line)) { hex += line.replace(/[\s:]/g, ''); continue; }
    flush();
  }
  flush();
  return out;
}

/** An unsigned magnitude without redundant leading zeros (OpenSSL prints a 00 before a high bit). */
export const magnitude = (b: Uint8Array): Buffer => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i));
};
