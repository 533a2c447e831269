/** The user's own computer, for the shell's `upload` / `download` and the Files panel's buttons. */
import { MAX_FILE_BYTES } from '../hsm/vfs';

/**
 * A picked file's bytes, never more than one byte past the playground's file cap: a larger file is
 * not read whole into memory, and the engine refuses what is read with its one message.
 */
export async function readPicked(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, MAX_FILE_BYTES + 1).arrayBuffer());
}

/**
 * How long after the window has its focus back (the file dialog closed) a `change` may still come
 * before the picker takes the dialog as dismissed.
 */
export const FOCUS_GRACE_MS = 1000;

/**
 * Let the user pick one file; null when they cancel. Settles on the input's `change` or `cancel`,
 * and — for browsers that fire no `cancel` when the dialog is dismissed — when the window has its
 * focus back and no file arrived within FOCUS_GRACE_MS (then with the file the input holds, if a
 * `change` was missed, else null). It settles once; its listeners and timer go with it.
 */
export function pickFile(): Promise<{ name: string; data: Uint8Array } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = async (file: File | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      window.removeEventListener('focus', onFocus);
      resolve(file ? { name: file.name, data: await readPicked(file) } : null);
    };
    const onFocus = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void settle(input.files?.[0]), FOCUS_GRACE_MS);
    };
    input.addEventListener('change', () => void settle(input.files?.[0]), { once: true });
    input.addEventListener('cancel', () => void settle(undefined), { once: true });
    window.addEventListener('focus', onFocus);
    input.click();
  });
}

/** Offer bytes as a download named `name` (nothing leaves the page's origin: a blob: URL). */
export function saveFile(name: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
