/**
 * SessionSequences: a session's side of nextval / currval / setval / lastval — resolving the
 * regclass text to a sequence through the session's search path, PostgreSQL's read-only rule,
 * and the per-session state currval and lastval report (the values this session last got).
 * The value itself is the catalog's (Catalog.nextval: non-transactional, WAL-logged ahead).
 */

import type { Catalog, CatalogView, SequenceDef } from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import type { SequenceAccess } from '@rustydb/executor';
import type { Transaction } from '@rustydb/txn';
import { checkSequencePrivilege } from './privilege-checks.js';

/** `name`, `schema.name`, `"Quoted"` → parts, unquoted ones folded to lower case (regclass input). */
export function parseRegclass(text: string): { schema?: string; name: string } {
  const parts: string[] = [];
  let i = 0;
  while (i <= text.length) {
    let part = '';
    if (text[i] === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i++;
            continue;
          }
          i++;
          break;
        }
        part += text[i];
      }
    } else {
      while (i < text.length && text[i] !== '.') part += text[i++];
      part = part.trim().toLowerCase();
    }
    parts.push(part);
    if (text[i] !== '.') break;
    i++;
  }
  if (parts.length > 3 || parts.some((p) => p === '')) {
    throw new DbError('42602', `invalid name syntax`);
  }
  const name = parts[parts.length - 1]!;
  return parts.length >= 2 ? { schema: parts[parts.length - 2]!, name } : { name };
}

export class SessionSequences {
  readonly #currval = new Map<Oid, bigint>();
  #last: Oid | undefined;

  constructor(private readonly catalog: Catalog) {}

  /** The SequenceAccess one statement's executor uses. */
  access(tx: Transaction, view: CatalogView, user?: string): SequenceAccess {
    // `user` given: the caller's privileges are checked (privilege-checks.ts), once per sequence
    // and function for this statement (nextval runs per row for a serial column's DEFAULT).
    const checked = new Map<number, number>();
    const resolve = (text: string, fn: 'nextval' | 'currval' | 'setval') => {
      const seq = this.#resolve(view, text);
      if (user !== undefined) {
        const done = checked.get(seq.oid) ?? 0;
        const bit = FUNCTION_BITS[fn];
        if ((done & bit) === 0) {
          checkSequencePrivilege(view, user, seq, fn);
          checked.set(seq.oid, done | bit);
        }
      }
      return seq;
    };
    return {
      nextval: (text) => {
        const seq = resolve(text, 'nextval');
        checkWritable(tx, 'nextval()');
        const v = this.catalog.nextval(tx, seq);
        this.#currval.set(seq.oid, v);
        this.#last = seq.oid;
        return v;
      },
      currval: (text) => {
        const seq = resolve(text, 'currval');
        const v = this.#currval.get(seq.oid);
        if (v === undefined) {
          throw new DbError('55000', `currval of sequence "${seq.name}" is not yet defined in this session`);
        }
        return v;
      },
      setval: (text, value, isCalled) => {
        const seq = resolve(text, 'setval');
        checkWritable(tx, 'setval()');
        this.catalog.setval(tx, seq, value, isCalled);
        if (isCalled) {
          this.#currval.set(seq.oid, value);
          this.#last = seq.oid;
        }
        return value;
      },
      lastval: () => {
        const oid = this.#last;
        const v = oid === undefined ? undefined : this.#currval.get(oid);
        if (v === undefined) throw new DbError('55000', 'lastval is not yet defined in this session');
        const seq = view.sequenceByOid(oid!);
        if (!seq) throw new DbError('55000', 'lastval is not yet defined in this session');
        if (user !== undefined) checkSequencePrivilege(view, user, seq, 'lastval');
        return v;
      },
    };
  }

  #resolve(view: CatalogView, text: string): SequenceDef {
    const { schema, name } = parseRegclass(text);
    const entry = view.relation(name, schema);
    if (!entry) {
      throw new DbError(
        '42P01',
        `relation "${schema === undefined ? name : `${schema}.${name}`}" does not exist`,
      );
    }
    if (entry.kind !== 'sequence') throw new DbError('42809', `"${name}" is not a sequence`);
    return entry.def;
  }
}

/** One bit per sequence function, for the per-statement memo of passed checks. */
const FUNCTION_BITS = { nextval: 1, currval: 2, setval: 4 } as const;

function checkWritable(tx: Transaction, what: string): void {
  if (tx.readOnly) throw new DbError('25006', `cannot execute ${what} in a read-only transaction`);
}
