/**
 * Statements from the parse tree: dispatch on the `stmt` rule's single child.
 */
import { InternalError } from '@rustydb/common';
import type { Statement } from '../ast/index.js';
import type { StmtContext } from '../generated/PostgreSqlParser.js';
import { buildAlterIndex } from './build-alter-index.js';
import { buildComment } from './build-comment.js';
import { buildCopy } from './build-copy.js';
import { buildClosePortal, buildDeclareCursor, buildFetch } from './build-cursor.js';
import {
  buildAlterSequence,
  buildAlterTable,
  buildCreateIndex,
  buildCreateSchema,
  buildCreateSequence,
  buildCreateTable,
  buildCreateTableAs,
  buildCreateView,
  buildDrop,
  buildTruncate,
} from './build-ddl.js';
import { buildDeleteStmt, buildInsertStmt, buildUpdateStmt } from './build-dml.js';
import { buildDo } from './build-do.js';
import { buildAlterDomain, buildCreateDomain } from './build-domain.js';
import { buildCreateExtension } from './build-extension.js';
import {
  buildAlterFunctionOwner,
  buildCall,
  buildCreateFunction,
  buildDropFunction,
} from './build-function.js';
import { buildAlterDefaultPrivileges, buildAlterOwner, buildGrant, buildGrantRole } from './build-grant.js';
import { buildLock } from './build-lock.js';
import { buildMergeStmt } from './build-merge.js';
import { buildListen, buildNotify, buildUnlisten } from './build-notify.js';
import { buildDeallocate, buildDiscard, buildExecute, buildPrepare } from './build-prepare.js';
import { buildRefreshMatView } from './build-refresh.js';
import { buildReindex } from './build-reindex.js';
import {
  buildAlterRole,
  buildCreateRole,
  buildDropOwned,
  buildDropRole,
  buildReassignOwned,
} from './build-role.js';
import { buildSelectStmt } from './build-select.js';
import { buildSelectInto, checkIntoClauses, topInto } from './build-select-into.js';
import { buildSetConstraints } from './build-set-constraints.js';
import { buildAlterTrigger, buildCreateTrigger, buildDropTrigger } from './build-trigger.js';
import { buildAlterType, buildCreateType } from './build-type-ddl.js';
import {
  buildAnalyze,
  buildExplain,
  buildReset,
  buildShow,
  buildTransaction,
  buildVacuum,
  buildVariableSet,
} from './build-utility.js';
import { loc } from './names.js';

/** The statement `ctx` (`sql`: the text it was parsed from, to skip a search for INTO clauses). */
export function buildStatement(ctx: StmtContext, sql?: string): Statement {
  const select = ctx.selectStmt();
  checkIntoClauses(ctx, select ? topInto(select) : null, sql);
  if (select) return buildSelectInto(select) ?? buildSelectStmt(select);
  const insert = ctx.insertStmt();
  if (insert) return buildInsertStmt(insert);
  const update = ctx.updateStmt();
  if (update) return buildUpdateStmt(update);
  const del = ctx.deleteStmt();
  if (del) return buildDeleteStmt(del);
  const merge = ctx.mergeStmt();
  if (merge) return buildMergeStmt(merge);
  const transaction = ctx.transactionStmt();
  if (transaction) return buildTransaction(transaction);
  const set = ctx.variableSetStmt();
  if (set) return buildVariableSet(set);
  const show = ctx.variableShowStmt();
  if (show) return buildShow(show);
  const reset = ctx.variableResetStmt();
  if (reset) return buildReset(reset);
  const createTable = ctx.createTableStmt();
  if (createTable) return buildCreateTable(createTable);
  const createTableAs = ctx.createTableAsStmt();
  if (createTableAs) return buildCreateTableAs(createTableAs);
  const createIndex = ctx.createIndexStmt();
  if (createIndex) return buildCreateIndex(createIndex);
  const createView = ctx.createViewStmt();
  if (createView) return buildCreateView(createView);
  const createSchema = ctx.createSchemaStmt();
  if (createSchema) return buildCreateSchema(createSchema);
  const createSequence = ctx.createSequenceStmt();
  if (createSequence) return buildCreateSequence(createSequence);
  const alterSequence = ctx.alterSequenceStmt();
  if (alterSequence) return buildAlterSequence(alterSequence);
  const createDomain = ctx.createDomainStmt();
  if (createDomain) return buildCreateDomain(createDomain);
  const alterDomain = ctx.alterDomainStmt();
  if (alterDomain) return buildAlterDomain(alterDomain);
  const createType = ctx.createTypeStmt();
  if (createType) return buildCreateType(createType);
  const createFunction = ctx.createFunctionStmt();
  if (createFunction) return buildCreateFunction(createFunction);
  const dropFunction = ctx.dropFunctionStmt();
  if (dropFunction) return buildDropFunction(dropFunction);
  const call = ctx.callStmt();
  if (call) return buildCall(call);
  const createTrigger = ctx.createTriggerStmt();
  if (createTrigger) return buildCreateTrigger(createTrigger);
  const dropTrigger = ctx.dropTriggerStmt();
  if (dropTrigger) return buildDropTrigger(dropTrigger);
  const alterTrigger = ctx.alterTriggerStmt();
  if (alterTrigger) return buildAlterTrigger(alterTrigger);
  const createExtension = ctx.createExtensionStmt();
  if (createExtension) return buildCreateExtension(createExtension);
  const alterType = ctx.alterTypeStmt();
  if (alterType) return buildAlterType(alterType);
  const alterTable = ctx.alterTableStmt();
  if (alterTable) return buildAlterTable(alterTable);
  const alterIndex = ctx.alterIndexStmt();
  if (alterIndex) return buildAlterIndex(alterIndex);
  const drop = ctx.dropStmt();
  if (drop) return buildDrop(drop);
  const comment = ctx.commentStmt();
  if (comment) return buildComment(comment);
  const refresh = ctx.refreshMatViewStmt();
  if (refresh) return buildRefreshMatView(refresh);
  const reindex = ctx.reindexStmt();
  if (reindex) return buildReindex(reindex);
  const truncate = ctx.truncateStmt();
  if (truncate) return buildTruncate(truncate);
  const lock = ctx.lockStmt();
  if (lock) return buildLock(lock);
  const setConstraints = ctx.constraintsSetStmt();
  if (setConstraints) return buildSetConstraints(setConstraints);
  const explain = ctx.explainStmt();
  if (explain) return buildExplain(explain);
  const analyze = ctx.analyzeStmt();
  if (analyze) return buildAnalyze(analyze);
  const vacuum = ctx.vacuumStmt();
  if (vacuum) return buildVacuum(vacuum);
  const copy = ctx.copyStmt();
  if (copy) return buildCopy(copy);
  const prepare = ctx.prepareStmt();
  if (prepare) return buildPrepare(prepare);
  const execute = ctx.executeStmt();
  if (execute) return buildExecute(execute);
  const deallocate = ctx.deallocateStmt();
  if (deallocate) return buildDeallocate(deallocate);
  const discard = ctx.discardStmt();
  if (discard) return buildDiscard(discard);
  const checkpoint = ctx.checkpointStmt();
  if (checkpoint) return { kind: 'checkpoint', location: loc(checkpoint) };
  const doStmt = ctx.doStmt();
  if (doStmt) return buildDo(doStmt);
  const declare = ctx.declareCursorStmt();
  if (declare) return buildDeclareCursor(declare);
  const fetch = ctx.fetchStmt();
  if (fetch) return buildFetch(fetch);
  const close = ctx.closePortalStmt();
  if (close) return buildClosePortal(close);
  const createRole = ctx.createRoleStmt();
  if (createRole) return buildCreateRole(createRole);
  const alterRole = ctx.alterRoleStmt();
  if (alterRole) return buildAlterRole(alterRole);
  const dropRole = ctx.dropRoleStmt();
  if (dropRole) return buildDropRole(dropRole);
  const reassign = ctx.reassignOwnedStmt();
  if (reassign) return buildReassignOwned(reassign);
  const dropOwned = ctx.dropOwnedStmt();
  if (dropOwned) return buildDropOwned(dropOwned);
  const grant = ctx.grantStmt() ?? ctx.revokeStmt();
  if (grant) return buildGrant(grant);
  const grantRole = ctx.grantRoleStmt() ?? ctx.revokeRoleStmt();
  if (grantRole) return buildGrantRole(grantRole);
  const alterOwner = ctx.alterOwnerStmt();
  if (alterOwner) return buildAlterOwner(alterOwner);
  const alterFunctionOwner = ctx.alterFunctionOwnerStmt();
  if (alterFunctionOwner) return buildAlterFunctionOwner(alterFunctionOwner);
  const defacl = ctx.alterDefaultPrivilegesStmt();
  if (defacl) return buildAlterDefaultPrivileges(defacl);
  const listen = ctx.listenStmt();
  if (listen) return buildListen(listen);
  const unlisten = ctx.unlistenStmt();
  if (unlisten) return buildUnlisten(unlisten);
  const notify = ctx.notifyStmt();
  if (notify) return buildNotify(notify);
  throw new InternalError(`parser: unhandled statement ${ctx.getText()}`);
}
