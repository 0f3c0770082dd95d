// Uploaded data sets live in this browser's IndexedDB, named by a hash of their content; the URL
// carries only the hash, so a shared link never contains anyone's data.

const DB_NAME = 'implicit-bias-lab';
const STORE = 'uploads';
const HASH_HEX_CHARS = 16;

interface StoredUpload {
  readonly hash: string;
  readonly name: string;
  readonly text: string;
  readonly savedAt: number;
}

/** A short content hash: the first 64 bits of SHA-256, as hex. */
export async function contentHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, HASH_HEX_CHARS);
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'hash' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = use(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export async function saveUpload(upload: StoredUpload): Promise<void> {
  await withStore('readwrite', (store) => store.put(upload));
}

export async function loadUpload(hash: string): Promise<StoredUpload | undefined> {
  return withStore<StoredUpload | undefined>('readonly', (store) => store.get(hash));
}
