/**
 * The privileges a statement needs on each relation it names, collected while binding
 * (PostgreSQL's RangeTblEntry.requiredPerms / checkAsUser) and checked at every execution by the
 * engine against the role running it — so a plan reused from the statement cache or a prepared
 * statement is re-checked after SET ROLE.
 *
 * - A table or view in FROM needs SELECT; a table a SELECT … FOR UPDATE/SHARE locks also UPDATE.
 * - INSERT needs INSERT on its target (plus UPDATE with ON CONFLICT DO UPDATE); UPDATE needs
 *   UPDATE, DELETE needs DELETE; each also needs SELECT when it reads a column of the target
 *   (in WHERE, SET, RETURNING or ON CONFLICT: `WHERE true` or `RETURNING 1` read none).
 * - Inside a view, relations are checked as the view's owner (`viaView`: the view's OID, whose
 *   owner the checker looks up at execution time), as PostgreSQL's rewriter sets checkAsUser.
 * - A user-defined function or procedure called needs EXECUTE, as the current user wherever the
 *   call is (a view's too).
 *
 * Column privileges: each requirement also lists the columns read, inserted and updated. The
 * binder marks a column read when a name resolves to it (scope.ts), and for `*`, whole-row
 * references and USING/NATURAL join columns; the checker falls back to column ACLs for a
 * privilege the table ACL does not grant (PostgreSQL's ExecCheckRTEPerms).
 *
 * The list travels with the plan: `attachPrivileges(plan, list)` keys it by the plan object in a
 * WeakMap; the optimizer carries it from the logical to the physical plan.
 */
import { Privilege } from '@rustydb/catalog';

/** One relation's requirement. */
export interface RequiredPrivilege {
  readonly oid: number;
  readonly name: string;
  /**
   * 'table' covers tables and views (both have table ACLs); 'function' a user-defined function or
   * procedure called (EXECUTE, checked as the current user even inside a view, as PostgreSQL's
   * init_fcache checks it).
   */
  readonly kind: 'table' | 'function';
  /** Privilege bits (catalog's `Privilege`). */
  readonly bits: number;
  /** 0: checked as the current user; else the OID of the view whose owner is checked. */
  readonly viaView: number;
  /**
   * The columns (attnums) the statement reads, inserts and updates (PostgreSQL's selectedCols,
   * insertedCols, updatedCols): without the table-level privilege, column privileges on all of
   * them suffice — on any one column when the set is empty. Absent: the table-level privilege
   * is required.
   */
  readonly selected?: ReadonlySet<number>;
  readonly inserted?: ReadonlySet<number>;
  readonly updated?: ReadonlySet<number>;
}

/** A requirement being collected: the binder adds bits and columns while it binds. */
export interface ColumnUse extends RequiredPrivilege {
  bits: number;
  readonly selected: Set<number>;
  readonly inserted: Set<number>;
  readonly updated: Set<number>;
}

/** Collects a statement's requirements while it binds (see the file comment). */
export class PrivilegeCollector {
  readonly list: ColumnUse[] = [];
  /** The view being expanded (0: none). */
  viaView = 0;

  /**
   * Notes that `bits` are needed on relation `oid` named `name`, and returns the requirement so
   * the binder can note the columns used (a scope item carries it: scope.ts marks what resolves).
   */
  require(oid: number, name: string, bits: number): ColumnUse {
    const viaView = this.viaView;
    for (const r of this.list) {
      if (r.oid === oid && r.viaView === viaView) {
        r.bits |= bits;
        return r;
      }
    }
    const use: ColumnUse = {
      oid,
      name,
      kind: 'table',
      bits,
      viaView,
      selected: new Set(),
      inserted: new Set(),
      updated: new Set(),
    };
    this.list.push(use);
    return use;
  }

  /** Notes that user-defined routine `oid` (named `name`) is called: EXECUTE on it is needed. */
  requireExecute(oid: number, name: string): void {
    if (this.list.some((r) => r.oid === oid && r.kind === 'function')) return;
    this.list.push({
      oid,
      name,
      kind: 'function',
      bits: Privilege.EXECUTE,
      viaView: 0,
      selected: new Set(),
      inserted: new Set(),
      updated: new Set(),
    });
  }
}

/** The privilege bits named here for the binder's convenience. */
export const SELECT = Privilege.SELECT;
export const INSERT = Privilege.INSERT;
export const UPDATE = Privilege.UPDATE;
export const DELETE = Privilege.DELETE;

const attached = new WeakMap<object, readonly RequiredPrivilege[]>();

/** Records `list` as what executing `plan` (logical or physical) requires. */
export function attachPrivileges(plan: object, list: readonly RequiredPrivilege[]): void {
  attached.set(plan, list);
}

/** What executing `plan` requires, or undefined for a plan the binder did not make. */
export function requiredPrivileges(plan: object): readonly RequiredPrivilege[] | undefined {
  return attached.get(plan);
}
