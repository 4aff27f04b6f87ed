/**
 * PortalTable: a session's open portals by name, the unnamed portal ('') in a field of its own.
 *
 * WHY. Nearly every extended-protocol transaction binds the unnamed portal and drops it at Sync.
 * In a Map that is an insert into an empty table and a clear, and V8 grows and shrinks the
 * table's backing store each time (two allocations through the runtime per transaction, the
 * lone client's steady state). A field costs nothing; named portals (cursors, JDBC's fetch
 * size) keep their Map. The unnamed portal's object, once dropped, is kept closed so that the
 * next Bind of the unnamed portal re-binds it (`reusableUnnamed`, `Portal.rebind`) instead of
 * making a Portal per transaction.
 */
import type { Portal } from './portal.js';

export class PortalTable implements Iterable<[string, Portal]> {
  #unnamed: Portal | undefined;
  readonly #named = new Map<string, Portal>();
  /** The unnamed portal last dropped (closed by whoever dropped it), for `reusableUnnamed`. */
  #spare: Portal | undefined;

  get size(): number {
    return (this.#unnamed === undefined ? 0 : 1) + this.#named.size;
  }

  get(name: string): Portal | undefined {
    return name === '' ? this.#unnamed : this.#named.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Adds or replaces portal `name` (the caller closes a replaced one). */
  set(name: string, portal: Portal): void {
    if (name === '') this.#unnamed = portal;
    else this.#named.set(name, portal);
  }

  /** Forgets portal `name` (the caller closes it); true when it was open. */
  delete(name: string): boolean {
    if (name !== '') return this.#named.delete(name);
    const had = this.#unnamed !== undefined;
    if (had) this.#spare = this.#unnamed;
    this.#unnamed = undefined;
    return had;
  }

  /**
   * A Portal object for the next unnamed portal to be re-bound into: the open unnamed portal
   * (the caller has closed it) or the one last dropped; undefined when there is none or it is
   * `running` (an Execute still in progress keeps its object). Taken: asked again, undefined
   * until the unnamed portal is dropped again.
   */
  reusableUnnamed(running: Portal | undefined): Portal | undefined {
    const p = this.#unnamed ?? this.#spare;
    this.#spare = undefined;
    return p === running ? undefined : p;
  }

  /** The open portals' names. */
  *keys(): IterableIterator<string> {
    for (const [name] of this) yield name;
  }

  /** The open portals. */
  *values(): IterableIterator<Portal> {
    for (const [, portal] of this) yield portal;
  }

  *[Symbol.iterator](): Iterator<[string, Portal]> {
    if (this.#unnamed !== undefined) yield ['', this.#unnamed];
    yield* this.#named;
  }

  /** Closes and forgets every portal (the transaction ended). Allocates nothing when none is named. */
  closeAll(): void {
    const unnamed = this.#unnamed;
    this.#unnamed = undefined;
    if (unnamed !== undefined) {
      unnamed.close();
      this.#spare = unnamed;
    }
    if (this.#named.size === 0) return;
    for (const p of this.#named.values()) p.close();
    this.#named.clear();
  }
}
