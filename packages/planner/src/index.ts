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

export { aggregateTakesNull, REGRESSION_AGGREGATES } from './aggregates.js';
// CALL: the procedure and the plan of its arguments
export { type BoundCall, bindCall } from './bind-call.js';
// EXECUTE: the plan of its arguments
export { bindExecuteArguments } from './bind-execute.js';
// Queries bound for display (pg_get_viewdef): what each AST expression became
export type { BindTrace } from './bind-expr.js';
export {
  bindGenerationExpression,
  type GeneratedColumn,
  type GenerationTable,
  generationExprs,
} from './bind-generation-expression.js';
// Index expressions and predicates (CREATE INDEX, access paths, index maintenance)
export {
  bindIndexExpression,
  bindIndexPredicate,
  type IndexKeyExprs,
  indexKeyExprs,
  isPlainIndex,
} from './bind-index-expression.js';
// Entry points
export {
  type BindContext,
  type BoundStatement,
  bindCheckExpression,
  bindCheckSql,
  bindColumnDefault,
  bindDefaultExpression,
  bindStatement,
  bindStatementWithParams,
  type CheckColumns,
} from './bind-statement.js';
// Stored expressions bound for display (pg_get_expr & co.)
export { bindStoredExpression, type StoredExpressionRole } from './bind-stored-expression.js';
export { bindTracedQuery } from './bind-traced-query.js';
export { hasDataModifyingWith } from './bind-with.js';
// Bound expressions
export type * from './bound-expr.js';
// Rules on what statements may do to a relation
export { checkPopulated } from './dml-target-rules.js';
export {
  children,
  columnsUsed,
  exprEquals,
  hasLocalColumn,
  hasSubquery,
  mapColumns,
  visitExpr,
} from './expr-walk.js';
export { extensionFunctionNames, signatureExtension } from './extension-signatures.js';
export { SET_RETURNING, type SetReturningSignature } from './function-signatures.js';
// Functions and type rules (shared with the optimizer and executor)
export { FUNCTION_SIGNATURES, type FunctionSignature, resolveFunction } from './functions.js';
// Logical plans
export {
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
  type MergeAction,
  type MergeNode,
  type OnConflict,
  outputColumns,
  type PlanColumn,
  type ProjectNode,
  type ProjectSetNode,
  type RecursiveUnionNode,
  type RegressionAggregate,
  type ResultNode,
  type Returning,
  type ScanFunction,
  type ScanNode,
  type SetOpNode,
  type SortKey,
  type SortNode,
  TID_COLUMN_NAME,
  type UpdateNode,
  type ValuesNode,
  type ViewCheck,
  type WindowCall,
  type WindowFrame,
  type WindowFuncName,
  type WindowNode,
  type WithNode,
  type WorkTableScanNode,
} from './logical-plan.js';
// Operator kernels (shared by constant folding and the executor's expression compiler)
export { type BinaryKernel, binaryKernel, negateKernel, type UnaryKernel } from './operator-kernels.js';
// Which operators the binder implements (pg_operator's rows)
export { implementsOperator, type OperatorSignature, operatorResultType } from './operator-probe.js';
export { outputName } from './output-name.js';
export { parseRegprocedure, type RoutineSignature } from './regprocedure-input.js';
// The privileges a bound statement needs per relation (checked by the engine at execution)
export {
  attachPrivileges,
  type RequiredPrivilege,
  requiredPrivileges,
} from './required-privileges.js';
export { resolveTypeName, type TypeLookup, typeNameOf } from './resolve-type-name.js';
export { commonType, isIntegerType, isStringType, numericRank, typeCategory } from './type-rules.js';
export { checkOptionRefusal, updatableViewColumns } from './updatable-view.js';
