/**
 * @rustydb/planner — the binder: AST → logical plan.
 *
 * Owns name resolution (tables, aliases, columns, `*`), type resolution with PostgreSQL's rules
 * (literal typing, operator and function overloads, implicit/assignment/explicit casts through
 * @rustydb/common's pg_cast table), aggregate and grouping checks, and the output column names
 * clients see; set operations, WITH [RECURSIVE], window functions, grouping sets, DISTINCT ON,
 * LATERAL, and the DML forms ON CONFLICT, UPDATE … FROM and DELETE … USING. Invariants:
 * - Binding is synchronous and reads the catalog only through `CatalogReader`.
 * - Every user error is a DbError with PostgreSQL's SQLSTATE, message and 1-based `position`.
 * - A logical plan is plain data: every expression is typed, every implicit conversion is an
 *   explicit `cast` node, unknown literals are already converted, so nothing downstream
 *   resolves names or types again.
 */

// Entry points
export {
  bindStatement,
  bindStatementWithParams,
  bindColumnDefault,
  bindCheckExpression,
  bindCheckSql,
  bindDefaultExpression,
  type CheckColumns,
  type BindContext,
  type BoundStatement,
} from './bind-statement.js';
export { resolveTypeName } from './resolve-type-name.js';

// Logical plans
export {
  outputColumns,
  TID_COLUMN_NAME,
  type AggregateCall,
  type AggregateName,
  type AggregateNode,
  type CteDef,
  type CteScanNode,
  type DeleteNode,
  type DistinctNode,
  type ExplainNode,
  type FilterNode,
  type FrameBound,
  type FunctionScanNode,
  type InsertNode,
  type JoinNode,
  type JoinType,
  type LimitNode,
  type LockRowsNode,
  type LockRowsRecheck,
  type LockRowsTarget,
  type LogicalExpr,
  type LogicalPlan,
  type OnConflict,
  type PlanColumn,
  type ProjectNode,
  type ProjectSetNode,
  type RecursiveUnionNode,
  type ResultNode,
  type Returning,
  type ScanNode,
  type SetOpNode,
  type SortKey,
  type SortNode,
  type UpdateNode,
  type ValuesNode,
  type WindowCall,
  type WindowFrame,
  type WindowFuncName,
  type WindowNode,
  type WithNode,
  type WorkTableScanNode,
} from './logical-plan.js';

// Index expressions and predicates (CREATE INDEX, access paths, index maintenance)
export {
  bindIndexExpression,
  bindIndexPredicate,
  indexKeyExprs,
  isPlainIndex,
  type IndexKeyExprs,
} from './bind-index-expression.js';

// Bound expressions
export type * from './bound-expr.js';
export {
  children,
  columnsUsed,
  exprEquals,
  hasLocalColumn,
  hasSubquery,
  mapColumns,
  visitExpr,
} from './expr-walk.js';

// Operator kernels (shared by constant folding and the executor's expression compiler)
export { binaryKernel, negateKernel, type BinaryKernel, type UnaryKernel } from './operator-kernels.js';

// Functions and type rules (shared with the optimizer and executor)
export { FUNCTION_SIGNATURES, resolveFunction, type FunctionSignature } from './functions.js';
export { SET_RETURNING, type SetReturningSignature } from './function-signatures.js';
export { aggregateTakesNull } from './aggregates.js';
export { commonType, isIntegerType, isStringType, numericRank, typeCategory } from './type-rules.js';

// The privileges a bound statement needs per relation (checked by the engine at execution)
export {
  attachPrivileges,
  type RequiredPrivilege,
  requiredPrivileges,
} from './required-privileges.js';
