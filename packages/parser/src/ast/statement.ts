/**
 * The statement union and the parser's per-statement result.
 */
import type { CopyStmt } from './copy.js';
import type { ClosePortalStmt, DeclareCursorStmt, FetchStmt } from './cursor.js';
import type {
  AlterIndexStmt,
  AlterSequenceStmt,
  AlterTableStmt,
  CommentStmt,
  CreateIndexStmt,
  CreateSchemaStmt,
  CreateSequenceStmt,
  CreateTableAsStmt,
  CreateTableStmt,
  CreateViewStmt,
  DropStmt,
  RefreshMatViewStmt,
  ReindexStmt,
  TruncateStmt,
} from './ddl.js';
import type { DeleteStmt, InsertStmt, MergeStmt, UpdateStmt } from './dml.js';
import type { DoStmt } from './do.js';
import type { CreateExtensionStmt } from './extension.js';
import type { AlterFunctionOwnerStmt, CallStmt, CreateFunctionStmt, DropFunctionStmt } from './function.js';
import type { AlterDefaultPrivilegesStmt, AlterOwnerStmt, GrantRoleStmt, GrantStmt } from './grant.js';
import type { LockStmt } from './lock.js';
import type { CheckpointStmt, DeallocateStmt, DiscardStmt, ExecuteStmt, PrepareStmt } from './prepare.js';
import type {
  AlterRoleStmt,
  CreateRoleStmt,
  DropOwnedStmt,
  DropRoleStmt,
  ListenStmt,
  NotifyStmt,
  ReassignOwnedStmt,
  UnlistenStmt,
} from './role.js';
import type { SelectStmt } from './select.js';
import type { SetConstraintsStmt } from './set-constraints.js';
import type { AlterTriggerStmt, CreateTriggerStmt, DropTriggerStmt } from './trigger.js';
import type {
  AlterDomainStmt,
  AlterTypeStmt,
  CreateCompositeTypeStmt,
  CreateDomainStmt,
  CreateEnumStmt,
} from './type-ddl.js';
import type {
  AnalyzeStmt,
  BeginStmt,
  CommitPreparedStmt,
  CommitStmt,
  ExplainStmt,
  PrepareTransactionStmt,
  ReleaseSavepointStmt,
  ResetStmt,
  RollbackPreparedStmt,
  RollbackStmt,
  RollbackToSavepointStmt,
  SavepointStmt,
  SetStmt,
  SetTransactionStmt,
  ShowStmt,
  VacuumStmt,
} from './utility.js';

/** Every statement the parser produces. Dispatch on `kind` exhaustively. */
export type Statement =
  | SelectStmt
  | InsertStmt
  | UpdateStmt
  | DeleteStmt
  | MergeStmt
  | CreateTableStmt
  | CreateTableAsStmt
  | CreateIndexStmt
  | CreateViewStmt
  | CreateSchemaStmt
  | CreateSequenceStmt
  | AlterSequenceStmt
  | CreateEnumStmt
  | CreateCompositeTypeStmt
  | CreateDomainStmt
  | AlterDomainStmt
  | CreateExtensionStmt
  | CreateFunctionStmt
  | DropFunctionStmt
  | CallStmt
  | AlterFunctionOwnerStmt
  | CreateTriggerStmt
  | DropTriggerStmt
  | AlterTriggerStmt
  | AlterTypeStmt
  | AlterTableStmt
  | AlterIndexStmt
  | DropStmt
  | TruncateStmt
  | LockStmt
  | SetConstraintsStmt
  | BeginStmt
  | CommitStmt
  | RollbackStmt
  | SavepointStmt
  | ReleaseSavepointStmt
  | RollbackToSavepointStmt
  | PrepareTransactionStmt
  | CommitPreparedStmt
  | RollbackPreparedStmt
  | SetTransactionStmt
  | SetStmt
  | ShowStmt
  | ResetStmt
  | ExplainStmt
  | AnalyzeStmt
  | VacuumStmt
  | CopyStmt
  | CommentStmt
  | PrepareStmt
  | DeclareCursorStmt
  | FetchStmt
  | ClosePortalStmt
  | ExecuteStmt
  | DeallocateStmt
  | DiscardStmt
  | CheckpointStmt
  | DoStmt
  | CreateRoleStmt
  | AlterRoleStmt
  | DropRoleStmt
  | ReassignOwnedStmt
  | DropOwnedStmt
  | GrantStmt
  | GrantRoleStmt
  | AlterOwnerStmt
  | AlterDefaultPrivilegesStmt
  | ListenStmt
  | UnlistenStmt
  | NotifyStmt
  | RefreshMatViewStmt
  | ReindexStmt;

/** The `kind` tags of `Statement`. */
export type StatementKind = Statement['kind'];

/**
 * One statement of a (possibly multi-statement) SQL string. `location` is the 0-based offset of
 * the statement's first token and `length` the number of characters up to the end of its last
 * token (the terminating semicolon excluded), so `sql.slice(location, location + length)` is the
 * statement's text — what pg_stat_activity-style reporting and error LINE displays need.
 */
export interface ParsedStatement {
  readonly stmt: Statement;
  readonly location: number;
  readonly length: number;
}
