/**
 * Canonical dump of a whole IndexedDB database, for "this command changed nothing" assertions:
 *
 *   const before = await dumpIdb('kmu-playground', factory);
 *   … run the command …
 *   expect(await dumpIdb('kmu-playground', factory)).toBe(before);
 *
 * Opens its own raw connection (no `idb` wrapper, no globals: only the factory passed in), reads
 * every object store in key order inside one readonly transaction, closes the connection, and
 * returns JSON with object keys sorted. Binary values (Uint8Array, ArrayBuffer) become
 * {"$bytes": "<hex>"}; other typed arrays {"$view": "<type>", "$bytes": …}; undefined, Date, BigInt
 * and non-finite numbers get similar tagged forms; anything else non-JSON (Map, Set, Blob, …)
 * throws instead of being silently dumped as {}. A database that does not exist dumps as
 * {"exists": false, …} and is not created.
 */

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function encode(v: unknown, path: string): unknown {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $number: Object.is(v, -0) ? '-0' : String(v) };
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v instanceof Uint8Array) return { $bytes: hex(v) };
  if (v instanceof ArrayBuffer) return { $bytes: hex(new Uint8Array(v)) };
  if (ArrayBuffer.isView(v)) {
    return { $view: v.constructor.name, $bytes: hex(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  }
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString() };
  if (Array.isArray(v)) return Array.from(v, (x, i) => encode(x, `${path}[${i}]`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = encode((v as Record<string, unknown>)[k], `${path}.${k}`);
    return out;
  }
  const kind = typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;
  throw new TypeError(`dumpIdb: cannot encode ${kind} at ${path}`);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens `name` at its current version; resolves undefined (creating nothing) when it does not exist. */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name);
    let absent = false;
    req.onupgradeneeded = (event) => {
      if (event.oldVersion === 0) {
        absent = true;
        req.transaction?.abort(); // an aborted first upgrade leaves no database behind
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close(); // never block the code under test
      resolve(db);
    };
    req.onerror = (event) => {
      event.preventDefault();
      if (absent) resolve(undefined);
      else reject(req.error);
    };
    req.onblocked = () => reject(new Error(`dumpIdb: opening ${name} is blocked`));
  });
}

export async function dumpIdb(name: string, factory: IDBFactory): Promise<string> {
  const db = await openExisting(factory, name);
  if (!db) return JSON.stringify({ exists: false, name }, null, 2);
  try {
    const names = Array.from(db.objectStoreNames).sort();
    const stores: Record<string, unknown> = {};
    if (names.length > 0) {
      const tx = db.transaction(names, 'readonly');
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(tx.error);
      });
      // All requests are issued before the first await, so the transaction stays alive.
      const reads = names.map((s) => {
        const os = tx.objectStore(s);
        const meta = { autoIncrement: os.autoIncrement, indexes: Array.from(os.indexNames).sort(), keyPath: os.keyPath };
        return Promise.all([request(os.getAllKeys()), request(os.getAll())])
          .then(([keys, values]) => {
            stores[s] = { ...meta, records: keys.map((key, i) => ({ key, value: values[i] })) };
          });
      });
      await Promise.all([...reads, done]);
    }
    return JSON.stringify(encode({ exists: true, name, stores, version: db.version }, '$'), null, 2);
  } finally {
    db.close();
  }
}
