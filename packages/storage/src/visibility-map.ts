/**
 * VisibilityMap: one all-visible bit per page of a table store (PostgreSQL's visibility map,
 * without the all-frozen bit). A set bit promises that every version on the page is visible to
 * every snapshot that exists or may ever exist — so an Index Only Scan may answer from the index
 * without fetching the version.
 *
 * VACUUM sets a page's bit when every version it keeps there is all-visible (the engine's
 * `VacuumRequest.isAllVisible`); the store clears it on ANY change to the page (insert, setXmax,
 * setCtid, prune, truncation) before the change is visible to anyone.
 *
 * In memory only, and empty when a store is opened: after a restart every page needs a heap
 * fetch until the next VACUUM. That is always safe (a clear bit only costs a fetch), so the map
 * needs no WAL and no crash recovery; being wrong in the other direction is what must never
 * happen, and nothing but VACUUM's check sets a bit.
 */
export class VisibilityMap {
  #bits = new Uint8Array(64);
  #setCount = 0;

  /** Is `page` all-visible? Synchronous, no allocation. */
  isAllVisible(page: number): boolean {
    const byte = page >>> 3;
    return byte < this.#bits.length && (this.#bits[byte]! & (1 << (page & 7))) !== 0;
  }

  /** Marks `page` all-visible (VACUUM only). */
  set(page: number): void {
    const byte = page >>> 3;
    if (byte >= this.#bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.#bits.length * 2));
      grown.set(this.#bits);
      this.#bits = grown;
    }
    const mask = 1 << (page & 7);
    if ((this.#bits[byte]! & mask) === 0) {
      this.#bits[byte]! |= mask;
      this.#setCount++;
    }
  }

  /** `page` changed: it is no longer known all-visible. */
  clear(page: number): void {
    const byte = page >>> 3;
    const mask = 1 << (page & 7);
    if (byte < this.#bits.length && (this.#bits[byte]! & mask) !== 0) {
      this.#bits[byte]! &= ~mask;
      this.#setCount--;
    }
  }

  /** Clears pages `from` and up (truncation); 0 clears everything. */
  clearFrom(from: number): void {
    for (let page = from; page < this.#bits.length * 8; page++) this.clear(page);
  }

  /** How many pages are all-visible (PostgreSQL's relallvisible, for the cost model). */
  allVisiblePages(): number {
    return this.#setCount;
  }
}
