/**
 * Evaluation of a jsonpath over a jsonb document, as PostgreSQL 15's jsonpath_exec.c: lax mode
 * unwraps arrays and wraps scalars where an accessor needs them and ignores structural errors;
 * strict mode raises them (2203A, 22039, 2203C, 22033 …). Predicates are three-valued (true,
 * false, unknown); an error inside a predicate's operands makes it unknown. With `silent`, the
 * errors PostgreSQL's RETURN_ERROR suppresses end the evaluation without a result instead.
 *
 * Values are jsonb's `JsonValue`s; a predicate's unknown is JSON null in a result sequence.
 */
import { DbError } from '../db-error.js';
import { compareStrings, isJsonObject, type JsonObject, type JsonValue, makeObject } from '../jsonb.js';
import { Numeric } from '../numeric.js';
import type { TimeZone } from '../time-zone.js';
import { ANY_LAST, type JsonPath, type JsonPathItem } from './jsonpath.js';
import {
  compareJsonPathDatetimes,
  DATETIME_TYPE_NAMES,
  JsonPathDatetime,
  parseJsonPathDatetime,
} from './jsonpath-datetime.js';

const OK = 0;
const NOT_FOUND = 1;
const ERROR = 2;
type Status = typeof OK | typeof NOT_FOUND | typeof ERROR;

const TRUE = 0;
const FALSE = 1;
const UNKNOWN = 2;
type Bool3 = typeof TRUE | typeof FALSE | typeof UNKNOWN;

/** An item of a sequence: a JSON value, or a datetime `.datetime()` made. */
type Item = JsonValue | JsonPathDatetime;
type Found = Item[] | null;

/** A Item is a number when it is a Numeric. */
const isObject = (v: Item): v is JsonObject => v instanceof Map;
const isNumeric = (v: Item): v is Numeric => v instanceof Numeric;

function typeName(v: Item): string {
  if (v === null) return 'null';
  if (v instanceof JsonPathDatetime) return DATETIME_TYPE_NAMES[v.kind];
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (isNumeric(v)) return 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

const OP_NAMES: Record<string, string> = { '+': '+', '-': '-', '*': '*', '/': '/', '%': '%' };

function floorNumeric(n: Numeric): Numeric {
  if (!n.isFinite) return n;
  const t = n.trunc(0);
  return n.sign() < 0 && !t.eq(n) ? t.sub(Numeric.ONE) : t;
}

function ceilNumeric(n: Numeric): Numeric {
  if (!n.isFinite) return n;
  const t = n.trunc(0);
  return n.sign() > 0 && !t.eq(n) ? t.add(Numeric.ONE) : t;
}

class Executor {
  current: Item = null;
  ignoreStructuralErrors: boolean;
  innermostArraySize = -1;
  readonly lax: boolean;

  constructor(
    readonly path: JsonPath,
    readonly root: Item,
    readonly vars: JsonObject | null,
    public throwErrors: boolean,
    /** The session's zone for the `_tz` functions' datetime casts; absent for the others. */
    readonly zone?: TimeZone,
  ) {
    this.lax = !path.strict;
    this.ignoreStructuralErrors = this.lax;
  }

  /** RETURN_ERROR: raise, or report ERROR when errors are suppressed. */
  private err(code: ConstructorParameters<typeof DbError>[0], message: string): Status {
    if (this.throwErrors) throw new DbError(code, message);
    return ERROR;
  }

  run(found: Found): Status {
    if (!this.lax && found === null) {
      // Strict mode: every value is computed, so that an error anywhere is seen.
      const vals: Item[] = [];
      const res = this.exec(this.path.expr, this.root, vals);
      if (res === ERROR) return res;
      return vals.length === 0 ? NOT_FOUND : OK;
    }
    return this.exec(this.path.expr, this.root, found);
  }

  exec(jsp: JsonPathItem, jb: Item, found: Found): Status {
    return this.execOpt(jsp, jb, found, this.lax);
  }

  private next(cur: JsonPathItem, v: Item, found: Found): Status {
    if (cur.next) return this.exec(cur.next, v, found);
    if (found) found.push(v);
    return OK;
  }

  private unwrapTargetArray(
    jsp: JsonPathItem | null,
    arr: Item[],
    found: Found,
    unwrapElements: boolean,
  ): Status {
    return this.anyItem(jsp, arr, found, 1, 1, 1, false, unwrapElements);
  }

  private execOpt(jsp: JsonPathItem, jb: Item, found: Found, unwrap: boolean): Status {
    switch (jsp.t) {
      case 'binary':
        switch (jsp.op) {
          case '+':
          case '-':
          case '*':
          case '/':
          case '%':
            return this.binaryArithmetic(jsp, jsp.op, jsp.left, jsp.right, jb, found);
          default:
            return this.appendBool(jsp, found, this.bool(jsp, jb, true));
        }
      case 'not':
      case 'isUnknown':
      case 'exists':
      case 'likeRegex':
        return this.appendBool(jsp, found, this.bool(jsp, jb, true));
      case 'unary':
        return this.unaryArithmetic(jsp, jsp.op, jsp.arg, jb, found);
      case 'filter': {
        if (unwrap && Array.isArray(jb)) return this.unwrapTargetArray(jsp, jb, found, false);
        const st = this.nestedBool(jsp.arg, jb);
        if (st !== TRUE) return NOT_FOUND;
        return this.next(jsp, jb, found);
      }
      case 'key': {
        if (isObject(jb)) {
          const v = jb.get(jsp.name);
          if (v !== undefined) return this.next(jsp, v, found);
          if (!this.ignoreStructuralErrors) {
            if (!this.throwErrors) return ERROR;
            throw new DbError('2203A', `JSON object does not contain key "${jsp.name}"`);
          }
          return NOT_FOUND;
        }
        if (unwrap && Array.isArray(jb)) return this.unwrapTargetArray(jsp, jb, found, false);
        if (!this.ignoreStructuralErrors) {
          return this.err('2203A', 'jsonpath member accessor can only be applied to an object');
        }
        return NOT_FOUND;
      }
      case 'root':
        return this.next(jsp, this.root, found);
      case 'current':
        return this.next(jsp, this.current, found);
      case 'anyArray':
        if (Array.isArray(jb)) return this.unwrapTargetArray(jsp.next ?? null, jb, found, this.lax);
        if (this.lax) return this.next(jsp, jb, found);
        if (!this.ignoreStructuralErrors) {
          return this.err('22039', 'jsonpath wildcard array accessor can only be applied to an array');
        }
        return NOT_FOUND;
      case 'index':
        return this.indexArray(jsp, jsp.subs, jb, found);
      case 'last': {
        if (this.innermostArraySize < 0)
          throw new Error('evaluating jsonpath LAST outside of array subscript');
        if (!jsp.next && !found) return OK;
        return this.next(jsp, Numeric.of(BigInt(this.innermostArraySize - 1)), found);
      }
      case 'anyKey':
        if (isObject(jb)) return this.anyItem(jsp.next ?? null, jb, found, 1, 1, 1, false, this.lax);
        if (unwrap && Array.isArray(jb)) return this.unwrapTargetArray(jsp, jb, found, false);
        if (!this.ignoreStructuralErrors) {
          return this.err('2203C', 'jsonpath wildcard member accessor can only be applied to an object');
        }
        return NOT_FOUND;
      case 'any': {
        let res: Status = NOT_FOUND;
        if (jsp.first === 0) {
          const saved = this.ignoreStructuralErrors;
          this.ignoreStructuralErrors = true;
          try {
            res = this.next(jsp, jb, found);
          } finally {
            this.ignoreStructuralErrors = saved;
          }
          if (res === OK && !found) return res;
        }
        if (Array.isArray(jb) || isObject(jb)) {
          res = this.anyItem(jsp.next ?? null, jb, found, 1, jsp.first, jsp.last, true, this.lax);
        }
        return res;
      }
      case 'null':
      case 'bool':
      case 'num':
      case 'str':
      case 'var': {
        if (!jsp.next && !found && jsp.t !== 'var') return OK;
        return this.next(jsp, this.scalarOf(jsp), found);
      }
      case 'method':
        return this.method(jsp, jsp.name, jb, found, unwrap);
      case 'datetime': {
        if (unwrap && Array.isArray(jb)) return this.unwrapTargetArray(jsp, jb, found, false);
        if (typeof jb !== 'string') {
          return this.err('22031', 'jsonpath item method .datetime() can only be applied to a string');
        }
        if (jsp.template !== undefined) {
          throw new DbError('0A000', 'jsonpath item method .datetime() with a template is not supported');
        }
        const v = parseJsonPathDatetime(jb);
        if (v === undefined) {
          if (!this.throwErrors) return ERROR;
          throw new DbError('22031', `datetime format is not recognized: "${jb}"`, {
            hint: 'Use a datetime template argument to specify the input data format.',
          });
        }
        return this.next(jsp, v, found);
      }
    }
  }

  private scalarOf(jsp: JsonPathItem): Item {
    switch (jsp.t) {
      case 'null':
        return null;
      case 'bool':
        return jsp.v;
      case 'num':
        return jsp.v;
      case 'str':
        return jsp.v;
      case 'var': {
        const v = this.vars?.get(jsp.name);
        if (v === undefined) {
          throw new DbError('42704', `could not find jsonpath variable "${jsp.name}"`);
        }
        return v;
      }
      default:
        throw new Error(`unexpected jsonpath item ${jsp.t}`);
    }
  }

  private method(jsp: JsonPathItem, name: string, jb: Item, found: Found, unwrap: boolean): Status {
    switch (name) {
      case 'type':
        return this.next(jsp, typeName(jb), found);
      case 'size': {
        let size: number;
        if (Array.isArray(jb)) size = jb.length;
        else {
          if (!this.lax) {
            if (!this.ignoreStructuralErrors) {
              return this.err('22039', `jsonpath item method .${name}() can only be applied to an array`);
            }
            return NOT_FOUND;
          }
          size = 1;
        }
        return this.next(jsp, Numeric.of(BigInt(size)), found);
      }
      case 'abs':
      case 'floor':
      case 'ceiling': {
        if (unwrap && Array.isArray(jb)) return this.unwrapTargetArray(jsp, jb, found, false);
        if (!isNumeric(jb)) {
          return this.err('22036', `jsonpath item method .${name}() can only be applied to a numeric value`);
        }
        const v = name === 'abs' ? jb.abs() : name === 'floor' ? floorNumeric(jb) : ceilNumeric(jb);
        if (!jsp.next && !found) return OK;
        return this.next(jsp, v, found);
      }
      case 'double': {
        if (unwrap && Array.isArray(jb)) return this.unwrapTargetArray(jsp, jb, found, false);
        let v: Numeric;
        if (isNumeric(jb)) {
          const d = jb.toNumber();
          if (!Number.isFinite(d)) {
            return this.err(
              '22036',
              `numeric argument of jsonpath item method .${name}() is out of range for type double precision`,
            );
          }
          v = jb; // only checked: PostgreSQL keeps the numeric as it is
        } else if (typeof jb === 'string') {
          const d = parseDouble(jb);
          if (d === undefined || !Number.isFinite(d)) {
            return this.err(
              '22036',
              `string argument of jsonpath item method .${name}() is not a valid representation of a double precision number`,
            );
          }
          v = Numeric.fromNumber(d);
        } else {
          return this.err(
            '22036',
            `jsonpath item method .${name}() can only be applied to a string or numeric value`,
          );
        }
        return this.next(jsp, v, found);
      }
      default: {
        // keyvalue
        if (unwrap && Array.isArray(jb)) return this.unwrapTargetArray(jsp, jb, found, false);
        if (!isObject(jb)) {
          return this.err('2203C', `jsonpath item method .${name}() can only be applied to an object`);
        }
        if (jb.size === 0) return NOT_FOUND;
        let res: Status = NOT_FOUND;
        const id = this.objectId(jb);
        for (const [k, v] of jb) {
          const obj: Item = makeObject([
            ['key', k],
            ['value', v],
            ['id', Numeric.of(BigInt(id))],
          ]);
          res = this.next(jsp, obj, found);
          if (res === ERROR) return res;
          if (res === OK && !found) break;
        }
        return res;
      }
    }
  }

  /** keyvalue()'s id: the object's place in its document (PostgreSQL: its byte offset). */
  private objectId(obj: JsonObject): number {
    return obj === this.root ? 0 : (jsonbOffsetOf(this.root as JsonValue, obj) ?? 0);
  }

  private indexArray(
    jsp: JsonPathItem,
    subs: readonly { readonly from: JsonPathItem; readonly to?: JsonPathItem }[],
    jb: Item,
    found: Found,
  ): Status {
    if (!Array.isArray(jb) && !this.lax) {
      if (!this.ignoreStructuralErrors) {
        return this.err('22039', 'jsonpath array accessor can only be applied to an array');
      }
      return NOT_FOUND;
    }
    const saved = this.innermostArraySize;
    const singleton = !Array.isArray(jb);
    const size = singleton ? 1 : (jb as Item[]).length;
    this.innermostArraySize = size;
    let res: Status = NOT_FOUND;
    try {
      for (const sub of subs) {
        const from = this.arrayIndex(sub.from, jb);
        if (typeof from !== 'number') return from.status;
        let to = from;
        if (sub.to) {
          const t = this.arrayIndex(sub.to, jb);
          if (typeof t !== 'number') return t.status;
          to = t;
        }
        let indexFrom = from;
        let indexTo = to;
        if (!this.ignoreStructuralErrors && (indexFrom < 0 || indexFrom > indexTo || indexTo >= size)) {
          return this.err('22033', 'jsonpath array subscript is out of bounds');
        }
        if (indexFrom < 0) indexFrom = 0;
        if (indexTo >= size) indexTo = size - 1;
        res = NOT_FOUND;
        for (let i = indexFrom; i <= indexTo; i++) {
          const v = singleton ? jb : (jb as Item[])[i]!;
          if (!jsp.next && !found) return OK;
          res = this.next(jsp, v, found);
          if (res === ERROR) break;
          if (res === OK && !found) break;
        }
        if (res === ERROR) break;
        if (res === OK && !found) break;
      }
    } finally {
      this.innermostArraySize = saved;
    }
    return res;
  }

  private arrayIndex(jsp: JsonPathItem, jb: Item): number | { status: Status } {
    const vals: Item[] = [];
    const res = this.exec(jsp, jb, vals);
    if (res === ERROR) return { status: res };
    const v = vals[0];
    if (vals.length !== 1 || v === undefined || !isNumeric(v)) {
      return { status: this.err('22033', 'jsonpath array subscript is not a single numeric value') };
    }
    const t = v.isFinite ? v.trunc(0) : v;
    if (!t.isFinite || t.cmp(Numeric.of(2147483647n)) > 0 || t.cmp(Numeric.of(-2147483648n)) < 0) {
      return { status: this.err('22033', 'jsonpath array subscript is out of integer range') };
    }
    return Number(t.toBigInt());
  }

  /** executeAnyItem: the members of `container` at levels first..last, pre-order. */
  private anyItem(
    jsp: JsonPathItem | null,
    container: Item[] | JsonObject,
    found: Found,
    level: number,
    first: number,
    last: number,
    ignoreStructuralErrors: boolean,
    unwrapNext: boolean,
  ): Status {
    let res: Status = NOT_FOUND;
    if (level > last) return res;
    const values = Array.isArray(container) ? container : container.values();
    for (const v of values) {
      const isContainer = Array.isArray(v) || isObject(v);
      if (level >= first || (first === ANY_LAST && last === ANY_LAST && !isContainer)) {
        if (jsp) {
          if (ignoreStructuralErrors) {
            const saved = this.ignoreStructuralErrors;
            this.ignoreStructuralErrors = true;
            try {
              res = this.execOpt(jsp, v, found, unwrapNext);
            } finally {
              this.ignoreStructuralErrors = saved;
            }
          } else res = this.execOpt(jsp, v, found, unwrapNext);
          if (res === ERROR) break;
          if (res === OK && !found) break;
        } else if (found) found.push(v);
        else return OK;
      }
      if (level < last && isContainer) {
        res = this.anyItem(
          jsp,
          v as Item[] | JsonObject,
          found,
          level + 1,
          first,
          last,
          ignoreStructuralErrors,
          unwrapNext,
        );
        if (res === ERROR) break;
        if (res === OK && !found) break;
      }
    }
    return res;
  }

  /** executeItemOptUnwrapResult: the values, arrays among them unwrapped in lax mode. */
  private execUnwrapResult(jsp: JsonPathItem, jb: Item, unwrap: boolean, found: Item[]): Status {
    if (unwrap && this.lax) {
      const seq: Item[] = [];
      const res = this.exec(jsp, jb, seq);
      if (res === ERROR) return res;
      for (const item of seq) {
        if (Array.isArray(item)) this.unwrapTargetArray(null, item, found, false);
        else found.push(item);
      }
      return OK;
    }
    return this.exec(jsp, jb, found);
  }

  private execUnwrapResultNoThrow(
    jsp: JsonPathItem,
    jb: Item,
    unwrap: boolean,
    found: Item[] | null,
  ): Status {
    const saved = this.throwErrors;
    this.throwErrors = false;
    try {
      if (found === null) return this.exec(jsp, jb, null);
      return this.execUnwrapResult(jsp, jb, unwrap, found);
    } finally {
      this.throwErrors = saved;
    }
  }

  private binaryArithmetic(
    jsp: JsonPathItem,
    op: string,
    left: JsonPathItem,
    right: JsonPathItem,
    jb: Item,
    found: Found,
  ): Status {
    const lseq: Item[] = [];
    let res = this.execUnwrapResult(left, jb, true, lseq);
    if (res === ERROR) return res;
    const rseq: Item[] = [];
    res = this.execUnwrapResult(right, jb, true, rseq);
    if (res === ERROR) return res;
    const l = lseq[0];
    if (lseq.length !== 1 || l === undefined || !isNumeric(l)) {
      return this.err(
        '22038',
        `left operand of jsonpath operator ${OP_NAMES[op]} is not a single numeric value`,
      );
    }
    const r = rseq[0];
    if (rseq.length !== 1 || r === undefined || !isNumeric(r)) {
      return this.err(
        '22038',
        `right operand of jsonpath operator ${OP_NAMES[op]} is not a single numeric value`,
      );
    }
    let v: Numeric;
    try {
      v =
        op === '+'
          ? l.add(r)
          : op === '-'
            ? l.sub(r)
            : op === '*'
              ? l.mul(r)
              : op === '/'
                ? l.div(r)
                : l.mod(r);
    } catch (e) {
      if (!this.throwErrors && e instanceof DbError) return ERROR;
      throw e;
    }
    if (!jsp.next && !found) return OK;
    return this.next(jsp, v, found);
  }

  private unaryArithmetic(
    jsp: JsonPathItem,
    op: '+' | '-',
    arg: JsonPathItem,
    jb: Item,
    found: Found,
  ): Status {
    const seq: Item[] = [];
    const r = this.execUnwrapResult(arg, jb, true, seq);
    if (r === ERROR) return r;
    let res: Status = NOT_FOUND;
    const hasNext = jsp.next !== undefined;
    for (const val of seq) {
      if (isNumeric(val)) {
        if (!found && !hasNext) return OK;
      } else {
        if (!found && !hasNext) continue;
        return this.err('2203B', `operand of unary jsonpath operator ${op} is not a numeric value`);
      }
      const v = op === '-' ? val.neg() : val;
      const r2 = this.next(jsp, v, found);
      if (r2 === ERROR) return r2;
      if (r2 === OK) {
        if (!found) return OK;
        res = OK;
      }
    }
    return res;
  }

  private appendBool(jsp: JsonPathItem, found: Found, res: Bool3): Status {
    if (!jsp.next && !found) return OK;
    return this.next(jsp, res === UNKNOWN ? null : res === TRUE, found);
  }

  private nestedBool(jsp: JsonPathItem, jb: Item): Bool3 {
    const prev = this.current;
    this.current = jb;
    try {
      return this.bool(jsp, jb, false);
    } finally {
      this.current = prev;
    }
  }

  private bool(jsp: JsonPathItem, jb: Item, canHaveNext: boolean): Bool3 {
    if (!canHaveNext && jsp.next) throw new Error('boolean jsonpath item cannot have next item');
    switch (jsp.t) {
      case 'binary':
        switch (jsp.op) {
          case '&&': {
            const res = this.bool(jsp.left, jb, false);
            if (res === FALSE) return res;
            const res2 = this.bool(jsp.right, jb, false);
            return res2 === TRUE ? res : res2;
          }
          case '||': {
            const res = this.bool(jsp.left, jb, false);
            if (res === TRUE) return res;
            const res2 = this.bool(jsp.right, jb, false);
            return res2 === FALSE ? res : res2;
          }
          case 'starts with':
            return this.predicate(jsp.left, jsp.right, jb, false, (w, i) => {
              if (typeof w !== 'string' || typeof i !== 'string') return UNKNOWN;
              return w.startsWith(i) ? TRUE : FALSE;
            });
          case '+':
          case '-':
          case '*':
          case '/':
          case '%':
            throw new Error('invalid boolean jsonpath item');
          default: {
            const op = jsp.op;
            return this.predicate(jsp.left, jsp.right, jb, true, (a, b) =>
              compareItems(op, a, b!, this.zone),
            );
          }
        }
      case 'not': {
        const res = this.bool(jsp.arg, jb, false);
        return res === UNKNOWN ? res : res === TRUE ? FALSE : TRUE;
      }
      case 'isUnknown':
        return this.bool(jsp.arg, jb, false) === UNKNOWN ? TRUE : FALSE;
      case 'likeRegex': {
        const test = jsp.test;
        return this.predicate(jsp.expr, null, jb, false, (s) => {
          if (typeof s !== 'string') return UNKNOWN;
          return test(s) ? TRUE : FALSE;
        });
      }
      case 'exists': {
        if (!this.lax) {
          const vals: Item[] = [];
          const res = this.execUnwrapResultNoThrow(jsp.arg, jb, false, vals);
          if (res === ERROR) return UNKNOWN;
          return vals.length === 0 ? FALSE : TRUE;
        }
        const res = this.execUnwrapResultNoThrow(jsp.arg, jb, false, null);
        if (res === ERROR) return UNKNOWN;
        return res === OK ? TRUE : FALSE;
      }
      default:
        throw new Error('invalid boolean jsonpath item');
    }
  }

  private predicate(
    left: JsonPathItem,
    right: JsonPathItem | null,
    jb: Item,
    unwrapRight: boolean,
    exec: (l: Item, r: Item | undefined) => Bool3,
  ): Bool3 {
    const lseq: Item[] = [];
    if (this.execUnwrapResultNoThrow(left, jb, true, lseq) === ERROR) return UNKNOWN;
    let rseq: Item[] | null = null;
    if (right) {
      rseq = [];
      if (this.execUnwrapResultNoThrow(right, jb, unwrapRight, rseq) === ERROR) return UNKNOWN;
    }
    let error = false;
    let found = false;
    for (const l of lseq) {
      const rs: (Item | undefined)[] = rseq ?? [undefined];
      for (const r of rs) {
        const res = exec(l, r);
        if (res === UNKNOWN) {
          if (!this.lax) return UNKNOWN;
          error = true;
        } else if (res === TRUE) {
          if (this.lax) return TRUE;
          found = true;
        }
      }
    }
    if (found) return TRUE;
    if (error) return UNKNOWN;
    return FALSE;
  }
}

function compareItems(op: string, a: Item, b: Item, zone: TimeZone | undefined): Bool3 {
  if (a instanceof JsonPathDatetime && b instanceof JsonPathDatetime) {
    const c = compareJsonPathDatetimes(a, b, zone);
    return c === undefined ? UNKNOWN : boolOf(op, c);
  }
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== tb) {
    if (a === null || b === null) return op === '!=' ? TRUE : FALSE;
    return UNKNOWN;
  }
  let cmp: number;
  switch (ta) {
    case 'null':
      cmp = 0;
      break;
    case 'boolean':
      cmp = a === b ? 0 : a ? 1 : -1;
      break;
    case 'number':
      cmp = (a as Numeric).cmp(b as Numeric);
      break;
    case 'string':
      if (op === '==') return a === b ? TRUE : FALSE;
      cmp = compareStrings(a as string, b as string);
      break;
    default:
      return UNKNOWN;
  }
  return boolOf(op, cmp);
}

function boolOf(op: string, cmp: number): Bool3 {
  let r: boolean;
  switch (op) {
    case '==':
      r = cmp === 0;
      break;
    case '!=':
      r = cmp !== 0;
      break;
    case '<':
      r = cmp < 0;
      break;
    case '<=':
      r = cmp <= 0;
      break;
    case '>':
      r = cmp > 0;
      break;
    default:
      r = cmp >= 0;
  }
  return r ? TRUE : FALSE;
}

/** float8in's syntax (surrounding spaces allowed); undefined when the text is not a number. */
function parseDouble(s: string): number | undefined {
  const t = s.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  const l = t.toLowerCase();
  if (l === 'nan') return Number.NaN;
  if (/^[+-]?(inf|infinity)$/.test(l)) return l.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

// ---- keyvalue() ids: PostgreSQL's on-disk jsonb layout ---------------------------------------

/** Bytes of a numeric datum as jsonb stores it (4-byte varlena header, NumericShort or Long). */
function numericSize(n: Numeric): number {
  if (!n.isFinite) return 4 + 2;
  const s = n.toString().replace('-', '');
  const [intPart = '', frac = ''] = s.split('.');
  const intDigits = intPart.replace(/^0+/, '');
  let groups: string[] = [];
  // base-10000 digits: integer part grouped from the point leftwards, fraction rightwards
  const ip = intDigits.padStart(Math.ceil(intDigits.length / 4) * 4, '0');
  for (let i = 0; i < ip.length; i += 4) groups.push(ip.slice(i, i + 4));
  const fp = frac.padEnd(Math.ceil(frac.length / 4) * 4, '0');
  const fracGroups: string[] = [];
  for (let i = 0; i < fp.length; i += 4) fracGroups.push(fp.slice(i, i + 4));
  let weight = groups.length - 1;
  groups = [...groups, ...fracGroups];
  // strip leading and trailing zero groups
  while (groups.length > 0 && groups[0] === '0000') {
    groups.shift();
    weight--;
  }
  while (groups.length > 0 && groups[groups.length - 1] === '0000') groups.pop();
  if (groups.length === 0) weight = 0;
  const short = n.scale <= 0x3f && weight >= -64 && weight <= 63;
  return 4 + (short ? 2 : 4) + groups.length * 2;
}

const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;
const align4 = (n: number): number => (n + 3) & ~3;

/** Size of a value's data inside its container, starting at `offset` (for alignment). */
function valueSize(v: JsonValue, offset: number): number {
  if (v === null || typeof v === 'boolean') return 0;
  if (typeof v === 'string') return utf8Bytes(v);
  const pad = align4(offset) - offset;
  if (isNumeric(v)) return pad + numericSize(v);
  return pad + containerSize(v);
}

function containerSize(c: JsonValue[] | JsonObject): number {
  const children: JsonValue[] = Array.isArray(c) ? c : [...c.keys(), ...c.values()];
  let size = 4 + 4 * children.length;
  for (const ch of children) size += valueSize(ch, size);
  return size;
}

/** The byte offset of container `target` inside `root`'s jsonb container, if it is there. */
function jsonbOffsetOf(root: JsonValue, target: JsonObject): number | undefined {
  const walk = (c: JsonValue[] | JsonObject, base: number): number | undefined => {
    const children: JsonValue[] = Array.isArray(c) ? c : [...c.keys(), ...c.values()];
    let off = 4 + 4 * children.length;
    for (const ch of children) {
      if (Array.isArray(ch) || isJsonObject(ch)) {
        const start = align4(base + off) - base;
        if (ch === target) return base + start;
        const inner = walk(ch, base + start);
        if (inner !== undefined) return inner;
      }
      off += valueSize(ch, base + off) - 0;
    }
    return undefined;
  };
  if (Array.isArray(root) || isJsonObject(root)) return walk(root, 0);
  return undefined;
}

// ---- the SQL functions -----------------------------------------------------------------------

function varsObject(vars: JsonValue | undefined): JsonObject | null {
  if (vars === undefined) return null;
  if (!isJsonObject(vars)) {
    throw new DbError('22023', '"vars" argument is not an object', {
      detail: 'Jsonpath parameters should be encoded as key-value pairs of "vars" object.',
    });
  }
  return vars;
}

/** What executeJsonPath returns: the status and the values found. */
export interface JsonPathResult {
  readonly error: boolean;
  readonly found: boolean;
  readonly values: JsonValue[];
}

/** Runs `path` over `target`; `collect` false asks only whether something is found (jsonb_path_exists). */
export function executeJsonPath(
  path: JsonPath,
  target: JsonValue,
  vars: JsonValue | undefined,
  silent: boolean,
  collect: boolean,
  zone?: TimeZone,
): JsonPathResult {
  const ex = new Executor(path, target, varsObject(vars), !silent, zone);
  const items: Item[] = [];
  const res = ex.run(collect ? items : null);
  // A datetime leaves as its ISO text, as PostgreSQL's JsonbValue → jsonb conversion writes it.
  const values = items.map((v) => (v instanceof JsonPathDatetime ? v.text : v));
  return { error: res === ERROR, found: res === OK, values };
}

/** jsonb_path_exists: true, false, or null (SQL NULL) after a suppressed error. */
export function jsonbPathExists(
  path: JsonPath,
  target: JsonValue,
  vars?: JsonValue,
  silent = false,
  zone?: TimeZone,
): boolean | null {
  const r = executeJsonPath(path, target, vars, silent, false, zone);
  return r.error ? null : r.found;
}

/** jsonb_path_match: the single boolean result (null for JSON null or a suppressed error). */
export function jsonbPathMatch(
  path: JsonPath,
  target: JsonValue,
  vars?: JsonValue,
  silent = false,
  zone?: TimeZone,
): boolean | null {
  const r = executeJsonPath(path, target, vars, silent, true, zone);
  if (r.values.length === 1) {
    const v = r.values[0];
    if (typeof v === 'boolean') return v;
    if (v === null) return null;
  }
  if (!silent) throw new DbError('22038', 'single boolean result is expected');
  return null;
}

/** jsonb_path_query: every item. */
export function jsonbPathQuery(
  path: JsonPath,
  target: JsonValue,
  vars?: JsonValue,
  silent = false,
  zone?: TimeZone,
): JsonValue[] {
  return executeJsonPath(path, target, vars, silent, true, zone).values;
}
