/**
 * fake-indexeddb for the store tests. `idb` checks `instanceof IDBRequest` etc. against the global
 * IDB classes, so those are installed; the global `indexedDB` factory is removed so a test can only
 * reach a database through the fresh factory it passes explicitly.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';

delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;

export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

/** Open a raw connection (no `idb` wrapper); `version` omitted = the current version. */
export function rawOpen(factory: IDBFactory, name: string, version?: number,
  upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = version === undefined ? factory.open(name) : factory.open(name, version);
    req.onupgradeneeded = () => upgrade?.(req.result, req.transaction as IDBTransaction);
    req.onsuccess = () => {
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error(`open ${name} blocked`));
  });
}

/** Run one raw readwrite transaction and wait for it to complete. */
export function rawWrite(db: IDBDatabase, store: string, fn: (s: IDBObjectStore) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    fn(tx.objectStore(store));
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

export function rawDelete(factory: IDBFactory, name: string): Promise<{ blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const req = factory.deleteDatabase(name);
    req.onblocked = () => { blocked = true; };
    req.onsuccess = () => resolve({ blocked });
    req.onerror = () => reject(req.error);
  });
}
