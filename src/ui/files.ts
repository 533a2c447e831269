/** The user's own computer, for the shell's `upload` / `download` and the Files panel's buttons. */
import { MAX_FILE_BYTES } from '../hsm/vfs';

/**
 * A picked file's bytes, never more than one byte past the playground's file cap: a larger file is
 * not read whole into memory, and the engine refuses what is read with its one message.
 */
export async function readPicked(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, MAX_FILE_BYTES + 1).arrayBuffer());
}

/** Let the user pick one file; null when they cancel. */
export function pickFile(): Promise<{ name: string; data: Uint8Array } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      resolve(file ? { name: file.name, data: await readPicked(file) } : null);
    }, { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
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
