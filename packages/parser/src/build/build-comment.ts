/**
 * COMMENT ON from the parse tree. The object's name is an `any_name` as in gram.y; what it may
 * look like depends on the object kind, checked here with PostgreSQL's messages.
 */
import { syntaxError, syntaxErrorAt } from '@rustydb/common';
import type { CommentStmt, ObjectName } from '../ast/index.js';
import type { CommentStmtContext } from '../generated/PostgreSqlParser.js';
import { buildFunctionRef, routineKind } from './build-function.js';
import { loc, nameParts, objectName } from './names.js';
import { stringValue } from './string-literal.js';

export function buildComment(ctx: CommentStmtContext): CommentStmt {
  const objectType = ctx.MATERIALIZED()
    ? 'materializedView'
    : (ctx.getChild(2)!.getText().toLowerCase() as CommentStmt['objectType']);
  const kind = ctx.routineKind();
  const sconst = ctx.sconst();
  const comment = sconst ? stringValue(sconst) : null;
  const fn = ctx.functionWithArgtypes();
  if (fn) {
    const ref = buildFunctionRef(fn);
    const object = {
      ...(ref.schema === undefined ? {} : { schema: ref.schema }),
      name: ref.name,
      location: ref.location,
    };
    const rk = kind === null ? undefined : routineKind(kind);
    return {
      kind: 'comment',
      objectType: 'function',
      object,
      function: ref,
      ...(rk === undefined ? {} : { routineKind: rk }),
      comment,
    };
  }
  const nameCtx = ctx.anyName()!;
  if (objectType === 'schema' || objectType === 'extension') {
    // Schema and extension names are not qualified: PostgreSQL's grammar stops at the dot.
    const dot = nameCtx.DOT(0);
    if (dot) throw syntaxErrorAt('.', loc(dot) + 1);
    return { kind: 'comment', objectType, object: objectName(nameCtx), comment };
  }
  if (objectType !== 'column') return { kind: 'comment', objectType, object: objectName(nameCtx), comment };
  // COLUMN: the last part is the column, the rest names the relation (as PostgreSQL's
  // get_object_address_attribute).
  const parts = nameParts(nameCtx);
  const location = loc(nameCtx);
  if (parts.length < 2) throw syntaxError('column name must be qualified', location + 1);
  const rel = parts.slice(0, -1);
  let object: ObjectName;
  if (rel.length === 1) object = { name: rel[0], location };
  else if (rel.length === 2) object = { schema: rel[0], name: rel[1], location };
  else if (rel.length === 3) object = { catalog: rel[0], schema: rel[1], name: rel[2], location };
  else throw syntaxError(`improper qualified name (too many dotted names): ${rel.join('.')}`, location + 1);
  return { kind: 'comment', objectType, object, column: parts[parts.length - 1], comment };
}
