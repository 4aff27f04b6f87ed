/**
 * Which operators the binder implements, asked of the binder itself: `operatorResultType('+',
 * int4, int8)` binds `$1 + $2` with parameters of those types, exactly as a query's operator is
 * bound (parser included), and answers the result type, or
 * undefined when it does not bind. The engine runs PostgreSQL's pg_operator rows through it to
 * list the operators RustyDB has (pg_operator, psql's `\do`), so a row appears as soon as the
 * binder learns its operator, wherever the binder keeps it (bind-expr.ts, operator-table.ts,
 * bind-bitwise.ts, bind-network.ts, …).
 */
import { DbError, type SqlType, sqlType, typeByOid, typeOid } from '@rustydb/common';
import { type Expr, parseExpression } from '@rustydb/parser';
import { ExprBinder } from './bind-expr.js';
import { PrivilegeCollector } from './required-privileges.js';
import { Scope } from './scope.js';

/** Operator names the grammar reads as operators: anything else would not parse as one. */
const OPERATOR_NAME = /^[+\-*/<>=~!@#%^&|`?]+$/;

/** Parsed probes by text: one per operator name and kind, bound once per operand types. */
const PARSED = new Map<string, Expr | null>();

/** The probe's AST, or null when the grammar has no such operator. */
function parseOrNull(sql: string): Expr | null {
  try {
    return parseExpression(sql);
  } catch (e) {
    if (e instanceof DbError) return null;
    throw e;
  }
}

/**
 * The result type of `left op right` (`op right` for a prefix operator: `left` undefined), or
 * undefined when RustyDB has no such operator. Never throws.
 */
export function operatorResultType(
  op: string,
  left: SqlType | undefined,
  right: SqlType,
): SqlType | undefined {
  if (!OPERATOR_NAME.test(op)) return undefined;
  const sql = left === undefined ? `${op} $1` : `$1 ${op} $2`;
  const types = left === undefined ? [right] : [left, right];
  try {
    const binder = new ExprBinder({
      sql,
      params: { types, open: false },
      bindQuery: () => {
        throw new DbError('0A000', 'no subqueries in an operator probe');
      },
      correlated: [],
      ctes: [],
      cteCount: 0,
      privileges: new PrivilegeCollector(),
    });
    let expr = PARSED.get(sql);
    if (expr === undefined) {
      expr = parseOrNull(sql);
      PARSED.set(sql, expr);
    }
    if (expr === null) return undefined;
    const bound = binder.bind(expr, { scope: new Scope([]), clause: 'operator probe' });
    return bound.type;
  } catch (e) {
    if (e instanceof DbError) return undefined;
    throw e;
  }
}

/** A pg_operator row, as far as the probe reads it: type OIDs, oprleft 0 for a prefix operator. */
export interface OperatorSignature {
  readonly name: string;
  readonly left: number;
  readonly right: number;
  readonly result: number;
}

/** Polymorphic operand types are probed with one instance of them: int4[] and int4. */
const INSTANCES: Readonly<Record<string, SqlType>> = {
  anyarray: sqlType('_int4'),
  anyelement: sqlType('int4'),
};

/**
 * Does RustyDB have operator `o`: are its types RustyDB's, and does `left name right` bind to
 * its result type? A polymorphic row (anyarray, anyelement) is probed with int4 instances.
 */
export function implementsOperator(o: OperatorSignature): boolean {
  const types = [o.left, o.right, o.result].map((oid) => (oid === 0 ? undefined : typeByOid(oid)));
  if (types[1] === undefined || types[2] === undefined || (o.left !== 0 && types[0] === undefined))
    return false;
  const [left, right, result] = types.map((t) => (t === undefined ? undefined : (INSTANCES[t.name] ?? t)));
  const got = operatorResultType(o.name, left, right!);
  return got !== undefined && typeOid(got) === typeOid(result!);
}
