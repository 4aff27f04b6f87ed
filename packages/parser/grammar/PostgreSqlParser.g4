/*
 * RustyDB's grammar for the PostgreSQL 15 dialect (the subset RustyDB accepts).
 *
 * Written for RustyDB, following the structure of PostgreSQL's gram.y so its documentation maps
 * onto rule names: a_expr / b_expr / c_expr, select_no_parens / select_with_parens, ColId /
 * ColLabel / BareColLabel and the four keyword categories (reserved, unreserved, col_name,
 * type_func_name). Differences from gram.y:
 * - Operator precedence comes from ANTLR's left-recursion rewrite: earlier alternatives of
 *   aExpr bind tighter (see the table above aExpr). Non-associative operators (comparisons,
 *   LIKE, IS) are left-associative here, so `a = b = c` parses where PostgreSQL reports a syntax
 *   error; the binder then rejects it as a type error.
 * - Set operations are two rules (INTERSECT binds tighter than UNION/EXCEPT) instead of %left.
 * - `( expr [, expr…] )` is one alternative; the AST builder tells a parenthesized expression
 *   from an implicit row by the number of items (this avoids a long lookahead on every '(').
 * No actions, no predicates: the tree is turned into the AST by src/build/*.ts.
 */
parser grammar PostgreSqlParser;

options {
    tokenVocab = PostgreSqlLexer;
}

root
    : stmt? (SEMI stmt?)* EOF
    ;

expressionRoot
    : aExpr EOF
    ;

// regprocedure input (`f(integer, text)`, has_function_privilege's function argument).
functionSignatureRoot
    : functionWithArgtypes EOF
    ;

stmt
    : selectStmt
    | insertStmt
    | updateStmt
    | deleteStmt
    | mergeStmt
    | createTableStmt
    | createTableAsStmt
    | refreshMatViewStmt
    | createIndexStmt
    | createViewStmt
    | createSchemaStmt
    | createSequenceStmt
    | alterSequenceStmt
    | createTypeStmt
    | createDomainStmt
    | alterDomainStmt
    | createExtensionStmt
    | createFunctionStmt
    | dropFunctionStmt
    | callStmt
    | checkpointStmt
    | createTriggerStmt
    | dropTriggerStmt
    | alterTriggerStmt
    | alterTypeStmt
    | alterTableStmt
    | alterIndexStmt
    | dropStmt
    | truncateStmt
    | lockStmt
    | constraintsSetStmt
    | transactionStmt
    | variableSetStmt
    | variableShowStmt
    | variableResetStmt
    | explainStmt
    | analyzeStmt
    | vacuumStmt
    | copyStmt
    | commentStmt
    | prepareStmt
    | executeStmt
    | deallocateStmt
    | discardStmt
    | doStmt
    | declareCursorStmt
    | fetchStmt
    | closePortalStmt
    | createRoleStmt
    | alterRoleStmt
    | dropRoleStmt
    | listenStmt
    | unlistenStmt
    | notifyStmt
    | reindexStmt
    | grantStmt
    | revokeStmt
    | grantRoleStmt
    | revokeRoleStmt
    | alterOwnerStmt
    | alterFunctionOwnerStmt
    | alterDefaultPrivilegesStmt
    | reassignOwnedStmt
    | dropOwnedStmt
    ;

/* ---------------------------------------------------------------- SELECT */

selectStmt
    : selectNoParens
    | selectWithParens
    ;

selectWithParens
    : OPEN_PAREN selectNoParens CLOSE_PAREN
    | OPEN_PAREN selectWithParens CLOSE_PAREN
    ;

selectNoParens
    : withClause? selectClause sortClause? (
        forLockingClause selectLimit?
        | selectLimit forLockingClause?
    )?
    ;

// UNION and EXCEPT: left-associative, below INTERSECT.
selectClause
    : selectIntersect (setOperator setQuantifier? selectIntersect)*
    ;

setOperator
    : UNION
    | EXCEPT
    ;

selectIntersect
    : selectPrimary (INTERSECT setQuantifier? selectPrimary)*
    ;

setQuantifier
    : ALL
    | DISTINCT
    ;

selectPrimary
    : simpleSelect
    | valuesClause
    | TABLE relationExpr
    | selectWithParens
    ;

simpleSelect
    : SELECT (ALL | distinctClause)? targetList? intoClause? fromClause? whereClause? groupClause? havingClause? windowClause?
    ;

// SELECT … INTO new_table (gram.y's into_clause): CREATE TABLE AS, in a top-level SELECT only.
intoClause
    : INTO optTemp? TABLE? qualifiedName
    ;

distinctClause
    : DISTINCT (ON OPEN_PAREN exprList CLOSE_PAREN)?
    ;

valuesClause
    : VALUES OPEN_PAREN exprList CLOSE_PAREN (COMMA OPEN_PAREN exprList CLOSE_PAREN)*
    ;

targetList
    : targetEl (COMMA targetEl)*
    ;

targetEl
    : aExpr AS colLabel
    | aExpr bareColLabel
    | aExpr
    | STAR
    ;

withClause
    : WITH RECURSIVE? commonTableExpr (COMMA commonTableExpr)*
    ;

commonTableExpr
    : name (OPEN_PAREN nameList CLOSE_PAREN)? AS (NOT? MATERIALIZED)? OPEN_PAREN preparableStmt CLOSE_PAREN
    ;

preparableStmt
    : selectStmt
    | insertStmt
    | updateStmt
    | deleteStmt
    | mergeStmt
    ;

fromClause
    : FROM fromList
    ;

fromList
    : tableRef (COMMA tableRef)*
    ;

// Joins fold left: a JOIN b ON x JOIN c ON y = (a JOIN b) JOIN c. The right operand of a
// qualified join is itself a tableRef so `a JOIN b JOIN c ON x ON y` nests as PostgreSQL does.
tableRef
    : tablePrimary joinPart*
    ;

joinPart
    : CROSS JOIN tablePrimary
    | NATURAL joinType? JOIN tablePrimary
    | joinType? JOIN tableRef joinQual
    ;

tablePrimary
    : relationExpr aliasClause?
    | LATERAL? funcTable funcAliasClause?
    | LATERAL? selectWithParens aliasClause?
    | OPEN_PAREN tableRef CLOSE_PAREN aliasClause?
    ;

joinType
    : FULL OUTER?
    | LEFT OUTER?
    | RIGHT OUTER?
    | INNER
    ;

joinQual
    : USING OPEN_PAREN nameList CLOSE_PAREN (AS colId)?
    | ON aExpr
    ;

relationExpr
    : qualifiedName STAR?
    | ONLY qualifiedName
    | ONLY OPEN_PAREN qualifiedName CLOSE_PAREN
    ;

relationExprList
    : relationExpr (COMMA relationExpr)*
    ;

// UPDATE/DELETE target: PostgreSQL resolves `UPDATE t SET` with a precedence trick; ANTLR's
// lookahead sees that SET must follow.
relationExprOptAlias
    : relationExpr (AS? colId)?
    ;

aliasClause
    : AS? colId (OPEN_PAREN nameList CLOSE_PAREN)?
    ;

funcAliasClause
    : aliasClause
    | AS? colId? OPEN_PAREN tableFuncElement (COMMA tableFuncElement)* CLOSE_PAREN
    ;

tableFuncElement
    : colId typename
    ;

funcTable
    : funcExprWindowless (WITH ORDINALITY)?
    | ROWS FROM OPEN_PAREN rowsFromItem (COMMA rowsFromItem)* CLOSE_PAREN (WITH ORDINALITY)?
    ;

// One function of ROWS FROM, with its own column definition list (PostgreSQL's rowsfrom_item).
rowsFromItem
    : funcExprWindowless (AS OPEN_PAREN tableFuncElement (COMMA tableFuncElement)* CLOSE_PAREN)?
    ;

whereClause
    : WHERE aExpr
    ;

groupClause
    : GROUP BY setQuantifier? groupByItem (COMMA groupByItem)*
    ;

groupByItem
    : OPEN_PAREN CLOSE_PAREN
    | ROLLUP OPEN_PAREN exprList CLOSE_PAREN
    | CUBE OPEN_PAREN exprList CLOSE_PAREN
    | GROUPING SETS OPEN_PAREN groupByItem (COMMA groupByItem)* CLOSE_PAREN
    | aExpr
    ;

havingClause
    : HAVING aExpr
    ;

windowClause
    : WINDOW windowDefinition (COMMA windowDefinition)*
    ;

windowDefinition
    : colId AS windowSpecification
    ;

windowSpecification
    : OPEN_PAREN colId? (PARTITION BY exprList)? sortClause? frameClause? CLOSE_PAREN
    ;

frameClause
    : (RANGE | ROWS | GROUPS) (frameBound | BETWEEN frameBound AND frameBound) frameExclusion?
    ;

frameBound
    : UNBOUNDED (PRECEDING | FOLLOWING)
    | CURRENT ROW
    | aExpr (PRECEDING | FOLLOWING)
    ;

frameExclusion
    : EXCLUDE (CURRENT ROW | GROUP | TIES | NO OTHERS)
    ;

sortClause
    : ORDER BY sortBy (COMMA sortBy)*
    ;

sortBy
    : aExpr (ASC | DESC)? (NULLS (FIRST | LAST))?
    ;

selectLimit
    : limitClause offsetClause?
    | offsetClause limitClause?
    ;

limitClause
    : LIMIT (aExpr | ALL)
    | FETCH (FIRST | NEXT) selectFetchValue? (ROW | ROWS) (ONLY | WITH TIES)
    ;

offsetClause
    : OFFSET aExpr (ROW | ROWS)?
    ;

selectFetchValue
    : cExpr
    | (PLUS | MINUS) (ICONST | FCONST)
    ;

forLockingClause
    : (forLockingItem)+
    | FOR READ ONLY
    ;

forLockingItem
    : FOR (UPDATE | NO KEY UPDATE | SHARE | KEY SHARE) (OF qualifiedName (COMMA qualifiedName)*)? (
        NOWAIT
        | SKIP_P LOCKED
    )?
    ;

/* ---------------------------------------------------------------- INSERT / UPDATE / DELETE */

insertStmt
    : withClause? INSERT INTO qualifiedName (AS colId)? insertRest onConflict? returningClause?
    ;

insertRest
    : (OPEN_PAREN insertColumn (COMMA insertColumn)* CLOSE_PAREN)? (OVERRIDING (USER | SYSTEM) VALUE)? selectStmt
    | DEFAULT VALUES
    ;

insertColumn
    : colId
    ;

onConflict
    : ON CONFLICT (OPEN_PAREN indexElem (COMMA indexElem)* CLOSE_PAREN whereClause? | ON CONSTRAINT name)? DO (
        NOTHING
        | UPDATE SET setClauseList whereClause?
    )
    ;

returningClause
    : RETURNING targetList
    ;

updateStmt
    : withClause? UPDATE relationExprOptAlias SET setClauseList fromClause? whereClause? returningClause?
    ;

setClauseList
    : setClause (COMMA setClause)*
    ;

setClause
    : colId EQUAL aExpr
    | OPEN_PAREN colId (COMMA colId)* CLOSE_PAREN EQUAL aExpr
    ;

deleteStmt
    : withClause? DELETE FROM relationExprOptAlias (USING fromList)? whereClause? returningClause?
    ;

/* MERGE (PostgreSQL 15): no RETURNING, and WITH may precede it. */
mergeStmt
    : withClause? MERGE INTO relationExprOptAlias USING tableRef ON aExpr mergeWhenClause+
    ;

mergeWhenClause
    : WHEN MATCHED (AND aExpr)? THEN (UPDATE SET setClauseList | DELETE | DO NOTHING)
    | WHEN NOT MATCHED (AND aExpr)? THEN (INSERT mergeInsert | DO NOTHING)
    ;

mergeInsert
    : (OPEN_PAREN insertColumn (COMMA insertColumn)* CLOSE_PAREN)? (OVERRIDING (USER | SYSTEM) VALUE)? (
        VALUES OPEN_PAREN exprList CLOSE_PAREN
        | DEFAULT VALUES
    )
    ;

/* ---------------------------------------------------------------- DDL */

optTemp
    : TEMPORARY
    | TEMP
    | LOCAL (TEMPORARY | TEMP)
    | GLOBAL (TEMPORARY | TEMP)
    | UNLOGGED
    ;

createTableStmt
    : CREATE optTemp? TABLE (IF NOT EXISTS)? qualifiedName OPEN_PAREN (
        tableElement (COMMA tableElement)*
    )? CLOSE_PAREN (USING name)? relOptions? onCommitOption?
    ;

// ON COMMIT PRESERVE ROWS | DELETE ROWS | DROP (gram.y's OnCommitOption): temporary tables only.
onCommitOption
    : ON COMMIT (DROP | DELETE ROWS | PRESERVE ROWS)
    ;

/* WITH (fillfactor = 70, ...): storage parameters, PostgreSQL's reloptions. */
relOptions
    : WITH relOptionList
    ;

relOptionList
    : OPEN_PAREN relOption (COMMA relOption)* CLOSE_PAREN
    ;

relOption
    : colLabel (EQUAL copyGenericOptArg)?
    ;

// CREATE MATERIALIZED VIEW shares the form (gram.y's CreateMatViewStmt); optTemp is rejected by the builder.
createTableAsStmt
    : CREATE optTemp? (TABLE | MATERIALIZED VIEW) (IF NOT EXISTS)? qualifiedName (OPEN_PAREN nameList CLOSE_PAREN)? (
        USING name
    )? onCommitOption? AS selectStmt (WITH NO? DATA)?
    ;

tableElement
    : tableConstraint
    | tableLikeClause
    | columnDef
    ;

// LIKE source [INCLUDING | EXCLUDING option]…: the option words arrive as colId (or ALL).
tableLikeClause
    : LIKE qualifiedName tableLikeOption*
    ;

tableLikeOption
    : (INCLUDING | EXCLUDING) (ALL | colId)
    ;

columnDef
    : colId typename columnQualifier*
    ;

columnQualifier
    : (CONSTRAINT name)? columnConstraintElem
    | constraintAttribute
    | COLLATE anyName
    ;

columnConstraintElem
    : NOT NULL_P
    | NULL_P
    | UNIQUE nullsDistinct? relOptions? consTableSpace?
    | PRIMARY KEY relOptions? consTableSpace?
    | CHECK OPEN_PAREN aExpr CLOSE_PAREN (NO INHERIT)?
    | DEFAULT bExpr
    | GENERATED (ALWAYS | BY DEFAULT) AS IDENTITY (OPEN_PAREN seqOption+ CLOSE_PAREN)?
    | GENERATED ALWAYS AS OPEN_PAREN aExpr CLOSE_PAREN STORED
    | REFERENCES qualifiedName (OPEN_PAREN nameList CLOSE_PAREN)? keyMatch? keyActions?
    ;

nullsDistinct
    : NULLS NOT? DISTINCT
    ;

constraintAttribute
    : DEFERRABLE
    | NOT DEFERRABLE
    | INITIALLY (DEFERRED | IMMEDIATE)
    | NOT VALID
    ;

tableConstraint
    : (CONSTRAINT name)? tableConstraintElem constraintAttribute*
    ;

tableConstraintElem
    : CHECK OPEN_PAREN aExpr CLOSE_PAREN (NO INHERIT)?
    | UNIQUE nullsDistinct? OPEN_PAREN nameList CLOSE_PAREN includeClause? relOptions? consTableSpace?
    | PRIMARY KEY OPEN_PAREN nameList CLOSE_PAREN includeClause? relOptions? consTableSpace?
    | FOREIGN KEY OPEN_PAREN nameList CLOSE_PAREN REFERENCES qualifiedName (
        OPEN_PAREN nameList CLOSE_PAREN
    )? keyMatch? keyActions?
    ;

includeClause
    : INCLUDE OPEN_PAREN nameList CLOSE_PAREN
    ;

// A key constraint's index tablespace (gram.y's OptConsTableSpace).
consTableSpace
    : USING INDEX TABLESPACE name
    ;

keyMatch
    : MATCH (FULL | PARTIAL | SIMPLE)
    ;

keyActions
    : keyUpdate keyDelete?
    | keyDelete keyUpdate?
    ;

keyUpdate
    : ON UPDATE keyAction
    ;

keyDelete
    : ON DELETE keyAction
    ;

keyAction
    : NO ACTION
    | RESTRICT
    | CASCADE
    | SET (NULL_P | DEFAULT)
    ;

createIndexStmt
    : CREATE UNIQUE? INDEX CONCURRENTLY? ((IF NOT EXISTS)? name)? ON relationExpr (USING name)? OPEN_PAREN indexElem (
        COMMA indexElem
    )* CLOSE_PAREN includeClause? nullsDistinct? relOptions? whereClause?
    ;

indexElem
    : (colId | funcExprWindowless | OPEN_PAREN aExpr CLOSE_PAREN) (COLLATE anyName)? anyName? (ASC | DESC)? (
        NULLS (FIRST | LAST)
    )?
    ;

createViewStmt
    : CREATE (OR REPLACE)? optTemp? RECURSIVE? VIEW qualifiedName (OPEN_PAREN nameList CLOSE_PAREN)? relOptions? AS selectStmt (
        WITH (CASCADED | LOCAL)? CHECK OPTION
    )?
    ;

createSchemaStmt
    : CREATE SCHEMA (IF NOT EXISTS)? (colId? AUTHORIZATION roleSpec | colId)
    ;

roleSpec
    : nonReservedWord
    | CURRENT_ROLE
    | CURRENT_USER
    | SESSION_USER
    ;

createSequenceStmt
    : CREATE optTemp? SEQUENCE (IF NOT EXISTS)? qualifiedName seqOption*
    ;

// CREATE TYPE … AS ENUM (gram.y's CreateEnumStmt): ENUM arrives as colId, checked by the builder;
// CREATE TYPE … AS (a int, …) (gram.y's CompositeTypeStmt).
// CREATE TYPE … AS RANGE (…) is parsed only to be refused (0A000) by the builder.
createTypeStmt
    : CREATE TYPE anyName AS RANGE OPEN_PAREN ~CLOSE_PAREN* CLOSE_PAREN
    | CREATE TYPE anyName AS colId OPEN_PAREN (sconst (COMMA sconst)*)? CLOSE_PAREN
    | CREATE TYPE anyName AS OPEN_PAREN (tableFuncElement (COMMA tableFuncElement)*)? CLOSE_PAREN
    ;

// CREATE EXTENSION (gram.y's CreateExtensionStmt): VERSION arrives as colId, checked by the builder.
createExtensionStmt
    : CREATE EXTENSION (IF NOT EXISTS)? colId WITH? createExtensionOption*
    ;

createExtensionOption
    : SCHEMA colId
    | colId (nonReservedWord | sconst)
    | CASCADE
    ;

// ALTER TYPE on an enum (gram.y's AlterEnumStmt, RenameStmt): BEFORE/AFTER arrive as colId.
alterTypeStmt
    : ALTER TYPE anyName ADD VALUE (IF NOT EXISTS)? sconst (colId sconst)?
    | ALTER TYPE anyName RENAME VALUE sconst TO sconst
    | ALTER TYPE anyName RENAME TO colId
    | ALTER TYPE anyName SET SCHEMA colId
    // OWNER arrives as colId, checked by the builder (as ALTER DOMAIN's).
    | ALTER TYPE anyName colId TO roleSpec
    ;

// CREATE DOMAIN (gram.y's CreateDomainStmt): the qualifiers are a column's (ColQualList); the
// builder rejects the ones a domain cannot have, as PostgreSQL's DefineDomain does.
createDomainStmt
    : CREATE DOMAIN_P anyName AS? typename columnQualifier*
    ;

// ALTER DOMAIN (gram.y's AlterDomainStmt, RenameStmt, AlterOwnerStmt, AlterObjectSchemaStmt):
// OWNER arrives as colId, checked by the builder.
alterDomainStmt
    : ALTER DOMAIN_P anyName alterDomainCmd
    ;

alterDomainCmd
    : SET DEFAULT aExpr
    | DROP DEFAULT
    | SET NOT NULL_P
    | DROP NOT NULL_P
    | ADD tableConstraint (NOT VALID)?
    | DROP CONSTRAINT (IF EXISTS)? name dropBehavior?
    | VALIDATE CONSTRAINT name
    | RENAME CONSTRAINT name TO name
    | RENAME TO colId
    | colId TO roleSpec
    | SET SCHEMA colId
    ;

alterSequenceStmt
    : ALTER SEQUENCE (IF EXISTS)? qualifiedName seqOption+
    ;

seqOption
    : AS simpleTypename
    | CACHE numericOnly
    | NO? CYCLE
    | INCREMENT BY? numericOnly
    | MAXVALUE numericOnly
    | MINVALUE numericOnly
    | NO (MAXVALUE | MINVALUE)
    | OWNED BY anyName
    | SEQUENCE NAME qualifiedName
    | START WITH? numericOnly
    | RESTART (WITH? numericOnly)?
    ;

numericOnly
    : (PLUS | MINUS)? (ICONST | FCONST)
    ;

// ALTER TABLE, and ALTER VIEW / MATERIALIZED VIEW / SEQUENCE for the forms they share with it
// (gram.y's AlterTableStmt, RenameStmt and AlterObjectSchemaStmt); the builder and the engine
// refuse what the object kind does not take.
alterTableStmt
    : ALTER (TABLE | MATERIALIZED VIEW | VIEW | SEQUENCE) (IF EXISTS)? relationExpr (
        alterTableCmd (COMMA alterTableCmd)*
        | RENAME COLUMN? colId TO colId
        | RENAME CONSTRAINT name TO name
        | RENAME TO colId
        | SET SCHEMA colId
    )
    ;

alterTableCmd
    : ADD COLUMN? (IF NOT EXISTS)? columnDef
    | ADD tableConstraint
    | ALTER COLUMN? colId (SET DEFAULT aExpr | DROP DEFAULT)
    | ALTER COLUMN? colId DROP EXPRESSION (IF EXISTS)?
    | ALTER COLUMN? colId ADD GENERATED (ALWAYS | BY DEFAULT) AS IDENTITY (OPEN_PAREN seqOption+ CLOSE_PAREN)?
    | ALTER COLUMN? colId SET GENERATED (ALWAYS | BY DEFAULT)
    | ALTER COLUMN? colId DROP IDENTITY (IF EXISTS)?
    | ALTER COLUMN? colId (SET | DROP) NOT NULL_P
    | ALTER COLUMN? colId (SET DATA)? TYPE typename (COLLATE anyName)? (USING aExpr)?
    | DROP COLUMN? (IF EXISTS)? colId dropBehavior?
    | DROP CONSTRAINT (IF EXISTS)? name dropBehavior?
    | VALIDATE CONSTRAINT name
    | (SET | RESET) relOptionList
    | SET (LOGGED | UNLOGGED)
    | (ENABLE_P | DISABLE_P) TRIGGER (ALL | USER | name)
    ;

// ALTER INDEX (gram.y's AlterTableStmt / RenameStmt on OBJECT_INDEX): rename and storage parameters.
alterIndexStmt
    : ALTER INDEX (IF EXISTS)? qualifiedName (RENAME TO colId | (SET | RESET) relOptionList)
    ;

dropBehavior
    : CASCADE
    | RESTRICT
    ;

// REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA] (gram.y's RefreshMatViewStmt).
refreshMatViewStmt
    : REFRESH MATERIALIZED VIEW CONCURRENTLY? qualifiedName (WITH NO? DATA)?
    ;

dropStmt
    : DROP (TABLE | SEQUENCE | VIEW | MATERIALIZED VIEW | INDEX CONCURRENTLY? | SCHEMA | TYPE | DOMAIN_P | EXTENSION) (IF EXISTS)? anyName (COMMA anyName)* dropBehavior?
    ;

// COMMENT ON: the object kinds RustyDB keeps descriptions for (a subset of gram.y's).
commentStmt
    : COMMENT ON (TABLE | VIEW | MATERIALIZED VIEW | INDEX | SEQUENCE | SCHEMA | COLUMN | TYPE | DOMAIN_P | EXTENSION) anyName IS (sconst | NULL_P)
    | COMMENT ON routineKind functionWithArgtypes IS (sconst | NULL_P)
    ;

truncateStmt
    : TRUNCATE TABLE? relationExprList ((RESTART | CONTINUE) IDENTITY)? dropBehavior?
    ;

/* ---------------------------------------------------------------- roles, LISTEN / NOTIFY */

// CREATE ROLE / USER (gram.y's CreateRoleStmt, CreateUserStmt): the options that are keywords
// here, the rest (LOGIN, SUPERUSER, CREATEDB, …) arrive as IDENT and are checked by the builder.
createRoleStmt
    : CREATE (ROLE | USER) roleSpec WITH? roleOption*
    ;

alterRoleStmt
    : ALTER (ROLE | USER) roleSpec RENAME TO roleSpec
    | ALTER (ROLE | USER) roleSpec WITH? roleOption*
    ;

roleOption
    : PASSWORD (sconst | NULL_P)
    | (ENCRYPTED | UNENCRYPTED) PASSWORD sconst
    | INHERIT
    | CONNECTION LIMIT (PLUS | MINUS)? ICONST
    | VALID UNTIL sconst
    | IDENT
    ;

dropRoleStmt
    : DROP (ROLE | USER) (IF EXISTS)? roleSpec (COMMA roleSpec)*
    ;

/* ---------------------------------------------------------------- GRANT / REVOKE (gram.y's GrantStmt …) */

// Privilege words that are not keywords here (USAGE, CONNECT, TRIGGER, PRIVILEGES, GRANTED,
// ADMIN, TABLES, SEQUENCES, DATABASE) arrive as colId and are checked by the builder.
grantStmt
    : GRANT privileges ON privilegeTarget TO granteeList (WITH GRANT OPTION)? (colId BY roleSpec)?
    ;

revokeStmt
    : REVOKE (GRANT OPTION FOR)? privileges ON privilegeTarget FROM granteeList (colId BY roleSpec)? dropBehavior?
    ;

privileges
    : ALL colId? (OPEN_PAREN nameList CLOSE_PAREN)?
    | privilege (COMMA privilege)*
    ;

privilege
    : (SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | CREATE | TEMP | TEMPORARY | colId) (
        OPEN_PAREN nameList CLOSE_PAREN
    )?
    ;

// FUNCTION, PROCEDURE and ROUTINE are also colIds: their alternative comes before `colId nameList`
// (DATABASE d), so ANTLR takes it.
privilegeTarget
    : routineKind functionWithArgtypes (COMMA functionWithArgtypes)*
    | TABLE? qualifiedName (COMMA qualifiedName)*
    | SEQUENCE qualifiedName (COMMA qualifiedName)*
    | SCHEMA nameList
    | ALL colId IN SCHEMA nameList
    | colId nameList
    ;

granteeList
    : grantee (COMMA grantee)*
    ;

grantee
    : GROUP? roleSpec
    ;

grantRoleStmt
    : GRANT roleSpec (COMMA roleSpec)* TO granteeList (WITH colId OPTION)? (colId BY roleSpec)?
    ;

revokeRoleStmt
    : REVOKE (colId OPTION FOR)? roleSpec (COMMA roleSpec)* FROM granteeList (colId BY roleSpec)? dropBehavior?
    ;

// ALTER DEFAULT PRIVILEGES [FOR ROLE r, …] [IN SCHEMA s, …] GRANT | REVOKE … ON TABLES | SEQUENCES | SCHEMAS
alterDefaultPrivilegesStmt
    : ALTER DEFAULT colId defaclOption* defaclAction
    ;

defaclOption
    : FOR (ROLE | USER) roleSpec (COMMA roleSpec)*
    | IN SCHEMA nameList
    ;

defaclAction
    : GRANT privileges ON colId TO granteeList (WITH GRANT OPTION)?
    | REVOKE (GRANT OPTION FOR)? privileges ON colId FROM granteeList dropBehavior?
    ;

// ALTER TABLE | VIEW | SEQUENCE | INDEX | SCHEMA name OWNER TO role (OWNER is not a keyword here).
// REASSIGN OWNED BY role, … TO role / DROP OWNED BY role, … [CASCADE | RESTRICT] (gram.y's).
reassignOwnedStmt
    : REASSIGN OWNED BY roleSpec (COMMA roleSpec)* TO roleSpec
    ;

dropOwnedStmt
    : DROP OWNED BY roleSpec (COMMA roleSpec)* dropBehavior?
    ;

alterOwnerStmt
    : ALTER (TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE | INDEX | SCHEMA) (IF EXISTS)? qualifiedName colId TO roleSpec
    ;

// ALTER FUNCTION | PROCEDURE | ROUTINE name[(argtypes)] OWNER TO role (gram.y's AlterOwnerStmt
// for routines).
alterFunctionOwnerStmt
    : ALTER routineKind functionWithArgtypes colId TO roleSpec
    ;

// What DROP, ALTER and COMMENT ON name a routine as: a FUNCTION, a PROCEDURE, or either (ROUTINE).
routineKind
    : FUNCTION
    | PROCEDURE
    | ROUTINE
    ;

listenStmt
    : LISTEN colId
    ;

unlistenStmt
    : UNLISTEN (colId | STAR)
    ;

notifyStmt
    : NOTIFY colId (COMMA sconst)?
    ;

// LOCK [TABLE] [ONLY] name [*] [, ...] [IN lockmode MODE] [NOWAIT]
lockStmt
    : LOCK_P TABLE? relationExprList (IN lockMode MODE)? NOWAIT?
    ;

// SET CONSTRAINTS { ALL | name [, …] } { DEFERRED | IMMEDIATE } (gram.y's ConstraintsSetStmt).
constraintsSetStmt
    : SET CONSTRAINTS (ALL | qualifiedName (COMMA qualifiedName)*) (DEFERRED | IMMEDIATE)
    ;

lockMode
    : ACCESS SHARE
    | ROW SHARE
    | ROW EXCLUSIVE
    | SHARE UPDATE EXCLUSIVE
    | SHARE
    | SHARE ROW EXCLUSIVE
    | EXCLUSIVE
    | ACCESS EXCLUSIVE
    ;

/* ---------------------------------------------------------------- transactions, settings, utility */

transactionStmt
    : ABORT optTransaction? optChain?
    | START TRANSACTION transactionModeList?
    | BEGIN optTransaction? transactionModeList?
    | (COMMIT | END) optTransaction? optChain?
    | ROLLBACK optTransaction? optChain?
    | SAVEPOINT colId
    | RELEASE SAVEPOINT? colId
    | ROLLBACK optTransaction? TO SAVEPOINT? colId
    | PREPARE TRANSACTION sconst
    | COMMIT PREPARED sconst
    | ROLLBACK PREPARED sconst
    ;

// SQL-level prepared statements (PREPARE name [(types)] AS stmt, EXECUTE, DEALLOCATE): they share
// the namespace of the extended protocol's named statements, as in PostgreSQL.
prepareStmt
    : PREPARE colId (OPEN_PAREN typename (COMMA typename)* CLOSE_PAREN)? AS preparableStmt
    ;

executeStmt
    : EXECUTE colId (OPEN_PAREN aExpr (COMMA aExpr)* CLOSE_PAREN)?
    ;

deallocateStmt
    : DEALLOCATE PREPARE? (colId | ALL)
    ;

// CHECKPOINT (gram.y's CheckPointStmt).
checkpointStmt
    : CHECKPOINT
    ;

// DISCARD ALL | PLANS | SEQUENCES | TEMP | TEMPORARY: the words after ALL arrive as colId, checked
// by the builder.
discardStmt
    : DISCARD (ALL | colId)
    ;

// DO [LANGUAGE lang] 'body' (gram.y's DoStmt: the options in any order). LANGUAGE is not a keyword
// here: it arrives as the first colId of a doOption, checked by the builder.
doStmt
    : DO doOption+
    ;

// CREATE [OR REPLACE] FUNCTION (gram.y's CreateFunctionStmt). The options (createfunc_opt_item)
// arrive as a flat list of words, strings and numbers that the builder reads in order, as
// DO's options are: LANGUAGE, IMMUTABLE, STRICT, CALLED ON NULL INPUT, SECURITY INVOKER, COST …
createFunctionStmt
    : CREATE (OR REPLACE)? (FUNCTION | PROCEDURE) funcName funcArgsWithDefaults (RETURNS funcReturn)? funcOptionItem*
    ;

// CALL name(args) (gram.y's CallStmt): the call is a function call expression, so positional
// and named (`=>`) arguments parse as in any call.
callStmt
    : CALL funcApplication
    ;

funcArgsWithDefaults
    : OPEN_PAREN (funcArgWithDefault (COMMA funcArgWithDefault)*)? CLOSE_PAREN
    ;

funcArgWithDefault
    : funcArg ((DEFAULT | EQUAL) aExpr)?
    ;

// [mode] [name] type: the name is a type_function_name, so `character varying` stays a type.
funcArg
    : argMode? typeFunctionName funcType
    | argMode? funcType
    ;

argMode
    : IN
    | OUT
    | INOUT
    | VARIADIC
    ;

funcType
    : SETOF? typename
    ;

funcReturn
    : funcType
    | TABLE OPEN_PAREN funcArg (COMMA funcArg)* CLOSE_PAREN
    ;

funcOptionItem
    : AS sconst (COMMA sconst)?
    | nonReservedWord
    | sconst
    | numericOnly
    | NULL_P
    | ON
    ;

// DROP FUNCTION | PROCEDURE | ROUTINE [IF EXISTS] name[(argtypes)] [, …] [CASCADE | RESTRICT]
// (gram.y's RemoveFuncStmt).
dropFunctionStmt
    : DROP routineKind (IF EXISTS)? functionWithArgtypes (COMMA functionWithArgtypes)* dropBehavior?
    ;

functionWithArgtypes
    : funcName (OPEN_PAREN (funcArg (COMMA funcArg)*)? CLOSE_PAREN)?
    ;

// CREATE [OR REPLACE] [CONSTRAINT] TRIGGER (gram.y's CreateTrigStmt, without REFERENCING); the
// engine refuses CONSTRAINT TRIGGER and INSTEAD OF triggers (0A000).
createTriggerStmt
    : CREATE (OR REPLACE)? CONSTRAINT? TRIGGER name (BEFORE | AFTER | INSTEAD OF) triggerEvent (OR triggerEvent)* ON qualifiedName
        (FROM qualifiedName)? constraintAttribute* (FOR EACH? (ROW | STATEMENT))? (WHEN OPEN_PAREN aExpr CLOSE_PAREN)?
        EXECUTE (FUNCTION | PROCEDURE) funcName OPEN_PAREN (triggerFuncArg (COMMA triggerFuncArg)*)? CLOSE_PAREN
    ;

triggerEvent
    : INSERT
    | DELETE
    | TRUNCATE
    | UPDATE (OF nameList)?
    ;

triggerFuncArg
    : ICONST
    | FCONST
    | sconst
    | colLabel
    ;

dropTriggerStmt
    : DROP TRIGGER (IF EXISTS)? name ON qualifiedName dropBehavior?
    ;

alterTriggerStmt
    : ALTER TRIGGER name ON qualifiedName RENAME TO name
    ;

doOption
    : sconst
    | colId (nonReservedWord | sconst)
    ;

// Cursors, as gram.y's DeclareCursorStmt, FetchStmt (FETCH and MOVE) and ClosePortalStmt. They
// share the namespace of the extended protocol's portals.
declareCursorStmt
    : DECLARE colId cursorOption* CURSOR ((WITH | WITHOUT) HOLD)? FOR selectStmt
    ;

cursorOption
    : NO SCROLL
    | SCROLL
    | BINARY
    | INSENSITIVE
    | ASENSITIVE
    ;

fetchStmt
    : (FETCH | MOVE) fetchDirection? fromIn? colId
    ;

// Every direction ends before the optional FROM / IN and the cursor's name.
fetchDirection
    : NEXT
    | PRIOR
    | FIRST
    | LAST
    | ABSOLUTE_P signedIconst
    | RELATIVE_P signedIconst
    | signedIconst
    | ALL
    | FORWARD (signedIconst | ALL)?
    | BACKWARD (signedIconst | ALL)?
    ;

signedIconst
    : (PLUS | MINUS)? ICONST
    ;

fromIn
    : FROM
    | IN
    ;

closePortalStmt
    : CLOSE (colId | ALL)
    ;

optTransaction
    : WORK
    | TRANSACTION
    ;

optChain
    : AND NO? CHAIN
    ;

transactionModeList
    : transactionMode (COMMA? transactionMode)*
    ;

transactionMode
    : ISOLATION LEVEL isoLevel
    | READ ONLY
    | READ WRITE
    | DEFERRABLE
    | NOT DEFERRABLE
    ;

isoLevel
    : READ UNCOMMITTED
    | READ COMMITTED
    | REPEATABLE READ
    | SERIALIZABLE
    ;

variableSetStmt
    : SET (LOCAL | SESSION)? setRest
    ;

setRest
    : TRANSACTION transactionModeList
    | SESSION CHARACTERISTICS AS TRANSACTION transactionModeList
    | varName (TO | EQUAL) (DEFAULT | varValue (COMMA varValue)*)
    | TIME ZONE zoneValue
    | SCHEMA sconst
    | NAMES (DEFAULT | sconst | nonReservedWord)?
    | ROLE (sconst | nonReservedWord)
    | SESSION AUTHORIZATION (DEFAULT | sconst | nonReservedWord)
    ;

varName
    : colId (DOT colId)*
    ;

varValue
    : TRUE_P
    | FALSE_P
    | ON
    | nonReservedWord
    | sconst
    | numericOnly
    ;

zoneValue
    : sconst
    | identifier
    | INTERVAL sconst intervalQualifier?
    | INTERVAL OPEN_PAREN ICONST CLOSE_PAREN sconst
    | numericOnly
    | DEFAULT
    | LOCAL
    ;

variableShowStmt
    : SHOW (varName | TIME ZONE | TRANSACTION ISOLATION LEVEL | SESSION AUTHORIZATION | ALL)
    ;

variableResetStmt
    : RESET (varName | TIME ZONE | TRANSACTION ISOLATION LEVEL | SESSION AUTHORIZATION | ALL)
    ;

explainStmt
    : EXPLAIN (
        explainableStmt
        | analyzeKeyword VERBOSE? explainableStmt
        | VERBOSE explainableStmt
        | OPEN_PAREN utilityOption (COMMA utilityOption)* CLOSE_PAREN explainableStmt
    )
    ;

// gram.y's ExplainableStmt (CREATE MATERIALIZED VIEW is a createTableAsStmt here).
explainableStmt
    : selectStmt
    | insertStmt
    | updateStmt
    | deleteStmt
    | mergeStmt
    | createTableAsStmt
    | refreshMatViewStmt
    | executeStmt
    | declareCursorStmt
    ;

analyzeKeyword
    : ANALYZE
    | ANALYSE
    ;

utilityOption
    : (nonReservedWord | analyzeKeyword) (TRUE_P | FALSE_P | ON | nonReservedWord | sconst | numericOnly)?
    ;

analyzeStmt
    : analyzeKeyword (VERBOSE | OPEN_PAREN utilityOption (COMMA utilityOption)* CLOSE_PAREN)? vacuumRelationList?
    ;

// REINDEX { INDEX | TABLE } [ CONCURRENTLY ] name: the forms RustyDB rebuilds (gram.y has more).
reindexStmt
    : REINDEX (INDEX | TABLE) CONCURRENTLY? qualifiedName
    ;

vacuumStmt
    : VACUUM (FULL? FREEZE? VERBOSE? analyzeKeyword? | OPEN_PAREN utilityOption (COMMA utilityOption)* CLOSE_PAREN) vacuumRelationList?
    ;

vacuumRelationList
    : vacuumRelation (COMMA vacuumRelation)*
    ;

vacuumRelation
    : qualifiedName (OPEN_PAREN nameList CLOSE_PAREN)?
    ;

/* ---------------------------------------------------------------- COPY */

// gram.y's CopyStmt without WHERE: data travels over the connection (STDIN and STDOUT are
// interchangeable, as in PostgreSQL) or to and from a server-side file (or PROGRAM, refused by
// the engine).
copyStmt
    : COPY BINARY? qualifiedName (OPEN_PAREN nameList CLOSE_PAREN)? (FROM | TO) copyFileName copyDelimiter? WITH? copyOptions
    | COPY OPEN_PAREN copyQuery CLOSE_PAREN TO copyFileName WITH? copyOptions
    ;

copyQuery
    : selectStmt
    | insertStmt
    | updateStmt
    | deleteStmt
    ;

copyFileName
    : STDIN
    | STDOUT
    | PROGRAM? sconst
    ;

copyDelimiter
    : USING? DELIMITERS sconst
    ;

copyOptions
    : copyOptItem*
    | OPEN_PAREN copyGenericOptElem (COMMA copyGenericOptElem)* CLOSE_PAREN
    ;

// The pre-9.0 option syntax, still accepted: `WITH CSV HEADER DELIMITER AS ','`.
copyOptItem
    : BINARY
    | FREEZE
    | DELIMITER AS? sconst
    | NULL_P AS? sconst
    | CSV
    | HEADER_P
    | QUOTE AS? sconst
    | ESCAPE AS? sconst
    | FORCE QUOTE (nameList | STAR)
    | FORCE NOT NULL_P nameList
    | FORCE NULL_P nameList
    | ENCODING sconst
    ;

copyGenericOptElem
    : colLabel copyGenericOptArg?
    ;

copyGenericOptArg
    : TRUE_P
    | FALSE_P
    | ON
    | nonReservedWord
    | sconst
    | numericOnly
    | STAR
    | OPEN_PAREN copyGenericOptListItem (COMMA copyGenericOptListItem)* CLOSE_PAREN
    ;

copyGenericOptListItem
    : nonReservedWord
    | sconst
    ;

/* ---------------------------------------------------------------- expressions */

/*
 * Precedence, tightest first (PostgreSQL 15, docs "Operator Precedence"):
 *   ::  >  unary + -  >  COLLATE  >  AT TIME ZONE  >  ^  >  * / %  >  + -  >  other operators
 *   >  LIKE ILIKE SIMILAR BETWEEN IN  >  < > = <= >= <>  >  IS ISNULL NOTNULL  >  NOT  >  AND  >  OR
 * Subscripts, field selection and function calls are inside cExpr and bind tightest of all.
 */
aExpr
    : cExpr                                                              # aPrimary
    | aExpr TYPECAST typename                                            # aTypecast
    | <assoc = right> op = (PLUS | MINUS) aExpr                          # aUnary
    | aExpr COLLATE anyName                                              # aCollate
    | aExpr AT TIME ZONE aExpr                                           # aAtTimeZone
    | aExpr op = CARET aExpr                                             # aBinary
    | aExpr op = (STAR | SLASH | PERCENT) aExpr                          # aBinary
    | aExpr op = (PLUS | MINUS) aExpr                                    # aBinary
    | aExpr qualOp aExpr                                                 # aQualOp
    | qualOp aExpr                                                       # aPrefixOp
    | aExpr subqueryOp (ANY | SOME | ALL) OPEN_PAREN (selectStmt | aExpr) CLOSE_PAREN # aQuantified
    | aExpr NOT? (LIKE | ILIKE) aExpr ESCAPE aExpr                       # aLikeEscape
    | aExpr NOT? (LIKE | ILIKE) aExpr                                    # aLike
    | aExpr NOT? SIMILAR TO aExpr ESCAPE aExpr                           # aSimilarEscape
    | aExpr NOT? SIMILAR TO aExpr                                        # aSimilar
    | aExpr NOT? BETWEEN SYMMETRIC? bExpr AND aExpr                      # aBetween
    | aExpr NOT? BETWEEN ASYMMETRIC bExpr AND aExpr                      # aBetween
    | aExpr NOT? IN (selectWithParens | OPEN_PAREN exprList CLOSE_PAREN) # aIn
    | aExpr compOp aExpr                                                 # aCompare
    | aExpr IS NOT? (NULL_P | TRUE_P | FALSE_P | UNKNOWN)                # aIsTest
    | aExpr (ISNULL | NOTNULL)                                           # aIsNull
    | aExpr IS NOT? DISTINCT FROM aExpr                                  # aDistinctFrom
    | <assoc = right> NOT aExpr                                          # aNot
    | aExpr AND aExpr                                                    # aAnd
    | aExpr OR aExpr                                                     # aOr
    | DEFAULT                                                            # aDefault
    ;

// The restricted expression of BETWEEN's lower bound and column DEFAULTs: no AND/OR/NOT/IS.
bExpr
    : cExpr                                                              # bPrimary
    | bExpr TYPECAST typename                                            # bTypecast
    | <assoc = right> op = (PLUS | MINUS) bExpr                          # bUnary
    | bExpr op = CARET bExpr                                             # bBinary
    | bExpr op = (STAR | SLASH | PERCENT) bExpr                          # bBinary
    | bExpr op = (PLUS | MINUS) bExpr                                    # bBinary
    | bExpr qualOp bExpr                                                 # bQualOp
    | qualOp bExpr                                                       # bPrefixOp
    | bExpr compOp bExpr                                                 # bCompare
    | bExpr IS NOT? DISTINCT FROM bExpr                                  # bDistinctFrom
    ;

cExpr
    : EXISTS selectWithParens                                            # cExists
    | ARRAY selectWithParens                                             # cArraySubquery
    | ARRAY arrayExpr                                                    # cArray
    | selectWithParens indirection?                                      # cSubquery
    | OPEN_PAREN exprList CLOSE_PAREN indirection?                       # cParens
    | ROW OPEN_PAREN exprList? CLOSE_PAREN                               # cRow
    | GROUPING OPEN_PAREN exprList CLOSE_PAREN                           # cGrouping
    | PARAM indirection?                                                 # cParam
    | caseExpr                                                           # cCase
    | aexprConst                                                         # cConst
    | funcExpr                                                           # cFunc
    | columnRef                                                          # cColumnRef
    ;

columnRef
    : colId indirection?
    ;

indirection
    : indirectionEl+
    ;

indirectionEl
    : DOT (attrName | STAR)
    | OPEN_BRACKET aExpr CLOSE_BRACKET
    | OPEN_BRACKET aExpr? COLON aExpr? CLOSE_BRACKET
    ;

arrayExpr
    : OPEN_BRACKET (exprList | arrayExpr (COMMA arrayExpr)*)? CLOSE_BRACKET
    ;

exprList
    : aExpr (COMMA aExpr)*
    ;

caseExpr
    : CASE aExpr? (WHEN aExpr THEN aExpr)+ (ELSE aExpr)? END
    ;

aexprConst
    : ICONST
    | FCONST
    | sconst
    | BCONST
    | XCONST
    | TRUE_P
    | FALSE_P
    | NULL_P
    | constTypename sconst
    | INTERVAL sconst intervalQualifier?
    | INTERVAL OPEN_PAREN ICONST CLOSE_PAREN sconst
    | funcName (OPEN_PAREN exprList CLOSE_PAREN)? sconst
    ;

sconst
    : STRING
    | ESTRING
    | USTRING (UESCAPE STRING)?
    | DOLLAR_STRING
    ;

funcExpr
    : funcApplication withinGroupClause? filterClause? overClause?
    | funcExprCommonSubexpr
    ;

funcExprWindowless
    : funcApplication
    | funcExprCommonSubexpr
    ;

funcApplication
    : funcName OPEN_PAREN (
        STAR
        | (ALL | DISTINCT)? funcArgExpr (COMMA funcArgExpr)* (COMMA VARIADIC funcArgExpr)? sortClause?
        | VARIADIC funcArgExpr sortClause?
    )? CLOSE_PAREN
    ;

funcArgExpr
    : typeFunctionName (COLON_EQUALS | EQUALS_GREATER) aExpr
    | aExpr
    ;

withinGroupClause
    : WITHIN GROUP OPEN_PAREN sortClause CLOSE_PAREN
    ;

filterClause
    : FILTER OPEN_PAREN WHERE aExpr CLOSE_PAREN
    ;

overClause
    : OVER (windowSpecification | colId)
    ;

funcExprCommonSubexpr
    : CURRENT_DATE                                                       # fSqlValue
    | CURRENT_TIME (OPEN_PAREN ICONST CLOSE_PAREN)?                      # fSqlValue
    | CURRENT_TIMESTAMP (OPEN_PAREN ICONST CLOSE_PAREN)?                 # fSqlValue
    | LOCALTIME (OPEN_PAREN ICONST CLOSE_PAREN)?                         # fSqlValue
    | LOCALTIMESTAMP (OPEN_PAREN ICONST CLOSE_PAREN)?                    # fSqlValue
    | CURRENT_ROLE                                                       # fSqlValue
    | CURRENT_USER                                                       # fSqlValue
    | SESSION_USER                                                       # fSqlValue
    | USER                                                               # fSqlValue
    | CURRENT_CATALOG                                                    # fSqlValue
    | CURRENT_SCHEMA                                                     # fSqlValue
    | CAST OPEN_PAREN aExpr AS typename CLOSE_PAREN                      # fCast
    | EXTRACT OPEN_PAREN extractArg FROM aExpr CLOSE_PAREN               # fExtract
    | OVERLAY OPEN_PAREN aExpr PLACING aExpr FROM aExpr (FOR aExpr)? CLOSE_PAREN # fOverlay
    | POSITION OPEN_PAREN bExpr IN bExpr CLOSE_PAREN                   # fPosition
    | SUBSTRING OPEN_PAREN substrList CLOSE_PAREN                        # fSubstring
    | TRIM OPEN_PAREN (BOTH | LEADING | TRAILING)? trimList CLOSE_PAREN   # fTrim
    | NULLIF OPEN_PAREN aExpr COMMA aExpr CLOSE_PAREN                    # fNullIf
    | COALESCE OPEN_PAREN exprList CLOSE_PAREN                           # fCoalesce
    | (GREATEST | LEAST) OPEN_PAREN exprList CLOSE_PAREN                 # fMinMax
    ;

extractArg
    : identifier
    | YEAR
    | MONTH
    | DAY
    | HOUR
    | MINUTE
    | SECOND
    | sconst
    ;

substrList
    : aExpr FROM aExpr FOR aExpr
    | aExpr FOR aExpr FROM aExpr
    | aExpr FROM aExpr
    | aExpr FOR aExpr
    | aExpr SIMILAR aExpr ESCAPE aExpr
    | exprList
    ;

trimList
    : aExpr FROM exprList
    | FROM exprList
    | exprList
    ;

/* ---------------------------------------------------------------- operators */

compOp
    : EQUAL
    | LT
    | GT
    | LESS_EQUALS
    | GREATER_EQUALS
    | NOT_EQUALS
    ;

qualOp
    : OP
    | OPERATOR OPEN_PAREN anyOperator CLOSE_PAREN
    ;

anyOperator
    : (colId DOT)* allOp
    ;

allOp
    : OP
    | mathOp
    ;

mathOp
    : PLUS
    | MINUS
    | STAR
    | SLASH
    | PERCENT
    | CARET
    | LT
    | GT
    | EQUAL
    | LESS_EQUALS
    | GREATER_EQUALS
    | NOT_EQUALS
    ;

subqueryOp
    : allOp
    | OPERATOR OPEN_PAREN anyOperator CLOSE_PAREN
    | NOT? (LIKE | ILIKE)
    ;

/* ---------------------------------------------------------------- types */

typename
    : simpleTypename (arrayBound* | ARRAY (OPEN_BRACKET ICONST CLOSE_BRACKET)?)
    ;

arrayBound
    : OPEN_BRACKET ICONST? CLOSE_BRACKET
    ;

simpleTypename
    : constTypename
    | INTERVAL (intervalQualifier | OPEN_PAREN ICONST CLOSE_PAREN)?
    | genericType
    ;

constTypename
    : numericType
    | bitType
    | characterType
    | datetimeType
    ;

genericType
    : typeFunctionName (DOT attrName)* typeModifiers?
    ;

typeModifiers
    : OPEN_PAREN exprList CLOSE_PAREN
    ;

numericType
    : INT
    | INTEGER
    | SMALLINT
    | BIGINT
    | REAL
    | FLOAT (OPEN_PAREN ICONST CLOSE_PAREN)?
    | DOUBLE PRECISION
    | DECIMAL typeModifiers?
    | DEC typeModifiers?
    | NUMERIC typeModifiers?
    | BOOLEAN
    ;

bitType
    : BIT VARYING? (OPEN_PAREN exprList CLOSE_PAREN)?
    ;

characterType
    : (CHARACTER VARYING? | CHAR VARYING? | VARCHAR | NATIONAL (CHARACTER | CHAR) VARYING? | NCHAR VARYING?) (
        OPEN_PAREN ICONST CLOSE_PAREN
    )?
    ;

datetimeType
    : (TIMESTAMP | TIME) (OPEN_PAREN ICONST CLOSE_PAREN)? ((WITH | WITHOUT) TIME ZONE)?
    ;

intervalQualifier
    : YEAR (TO MONTH)?
    | MONTH
    | DAY (TO (HOUR | MINUTE | intervalSecond))?
    | HOUR (TO (MINUTE | intervalSecond))?
    | MINUTE (TO intervalSecond)?
    | intervalSecond
    ;

intervalSecond
    : SECOND (OPEN_PAREN ICONST CLOSE_PAREN)?
    ;

/* ---------------------------------------------------------------- names */

identifier
    : IDENT
    | QUOTED_IDENT
    | UQUOTED_IDENT (UESCAPE STRING)?
    ;

name
    : colId
    ;

nameList
    : name (COMMA name)*
    ;

anyName
    : colId (DOT attrName)*
    ;

qualifiedName
    : colId (DOT attrName)*
    ;

funcName
    : typeFunctionName
    | colId (DOT attrName)+
    ;

attrName
    : colLabel
    ;

colId
    : identifier
    | unreservedKeyword
    | colNameKeyword
    ;

typeFunctionName
    : identifier
    | unreservedKeyword
    | typeFuncNameKeyword
    ;

nonReservedWord
    : identifier
    | unreservedKeyword
    | colNameKeyword
    | typeFuncNameKeyword
    ;

colLabel
    : identifier
    | unreservedKeyword
    | colNameKeyword
    | typeFuncNameKeyword
    | reservedKeyword
    ;

bareColLabel
    : identifier
    | bareLabelKeyword
    ;

//@@KEYWORD_RULES@@

unreservedKeyword
    : ABORT
    | PROGRAM
    | CALL
    | CHECKPOINT
    | ROUTINE
    | AFTER
    | BEFORE
    | DISABLE_P
    | EACH
    | ENABLE_P
    | PROCEDURE
    | STATEMENT
    | TRIGGER
    | DISCARD
    | DOMAIN_P
    | VALIDATE
    | ABSOLUTE_P
    | ASENSITIVE
    | BACKWARD
    | CLOSE
    | CURSOR
    | DECLARE
    | FORWARD
    | FUNCTION
    | RETURNS
    | HOLD
    | INSENSITIVE
    | INSTEAD
    | MOVE
    | PRIOR
    | RELATIVE_P
    | SCROLL
    | REASSIGN
    | REVOKE
    | ACCESS
    | ACTION
    | ADD
    | ALTER
    | ALWAYS
    | AT
    | BEGIN
    | BY
    | CACHE
    | CASCADE
    | CASCADED
    | CHAIN
    | CHARACTERISTICS
    | COMMENT
    | COMMIT
    | COMMITTED
    | CONFLICT
    | CONNECTION
    | CONSTRAINTS
    | CONTINUE
    | COPY
    | CSV
    | CUBE
    | CURRENT
    | CYCLE
    | DATA
    | DAY
    | DEALLOCATE
    | DEFERRED
    | DELETE
    | DELIMITER
    | DELIMITERS
    | DOUBLE
    | DROP
    | ENCODING
    | ENCRYPTED
    | ESCAPE
    | EXCLUDE
    | EXCLUDING
    | EXECUTE
    | EXCLUSIVE
    | EXPLAIN
    | EXPRESSION
    | EXTENSION
    | FILTER
    | FIRST
    | FOLLOWING
    | FORCE
    | GENERATED
    | GLOBAL
    | GROUPS
    | HEADER_P
    | HOUR
    | IDENTITY
    | IF
    | IMMEDIATE
    | INCLUDE
    | INCREMENT
    | INDEX
    | INHERIT
    | INSERT
    | ISOLATION
    | KEY
    | LAST
    | LEVEL
    | LISTEN
    | LOCAL
    | LOCKED
    | LOGGED
    | LOCK_P
    | MATCH
    | MATCHED
    | MATERIALIZED
    | MAXVALUE
    | MINUTE
    | MINVALUE
    | MODE
    | MONTH
    | NAME
    | NAMES
    | NEXT
    | NO
    | MERGE
    | NOTHING
    | NOTIFY
    | NOWAIT
    | NULLS
    | OF
    | OPERATOR
    | OPTION
    | ORDINALITY
    | OTHERS
    | OVER
    | OVERRIDING
    | OWNED
    | PARTIAL
    | PARTITION
    | PASSWORD
    | PRECEDING
    | PREPARE
    | PREPARED
    | PRESERVE
    | QUOTE
    | RANGE
    | READ
    | RECURSIVE
    | REFRESH
    | REINDEX
    | RELEASE
    | RENAME
    | REPEATABLE
    | REPLACE
    | RESET
    | RESTART
    | RESTRICT
    | ROLE
    | ROLLBACK
    | ROLLUP
    | ROWS
    | SAVEPOINT
    | SCHEMA
    | SECOND
    | SEQUENCE
    | SERIALIZABLE
    | SESSION
    | SET
    | SETS
    | SHARE
    | SHOW
    | SIMPLE
    | SKIP_P
    | START
    | STDIN
    | STDOUT
    | STORED
    | SYSTEM
    | TABLESPACE
    | TEMP
    | TEMPORARY
    | TIES
    | TRANSACTION
    | TRUNCATE
    | TYPE
    | UESCAPE
    | UNBOUNDED
    | UNCOMMITTED
    | UNENCRYPTED
    | UNKNOWN
    | UNLISTEN
    | UNLOGGED
    | UNTIL
    | UPDATE
    | VACUUM
    | VALID
    | VALIDATE
    | VALUE
    | VARYING
    | VIEW
    | WITHIN
    | WITHOUT
    | WORK
    | WRITE
    | YEAR
    | ZONE
    
    | INCLUDING
;

colNameKeyword
    : BETWEEN
    | BIGINT
    | BIT
    | BOOLEAN
    | CHAR
    | CHARACTER
    | COALESCE
    | DEC
    | DECIMAL
    | EXISTS
    | EXTRACT
    | FLOAT
    | GREATEST
    | GROUPING
    | INOUT
    | INT
    | INTEGER
    | INTERVAL
    | LEAST
    | NATIONAL
    | NCHAR
    | NONE
    | NORMALIZE
    | NULLIF
    | NUMERIC
    | OUT
    | OVERLAY
    | POSITION
    | PRECISION
    | REAL
    | ROW
    | SETOF
    | SMALLINT
    | SUBSTRING
    | TIME
    | TIMESTAMP
    | TREAT
    | TRIM
    | VALUES
    | VARCHAR
    ;

typeFuncNameKeyword
    : AUTHORIZATION
    | BINARY
    | COLLATION
    | CONCURRENTLY
    | CROSS
    | CURRENT_SCHEMA
    | FREEZE
    | FULL
    | ILIKE
    | INNER
    | IS
    | ISNULL
    | JOIN
    | LEFT
    | LIKE
    | NATURAL
    | NOTNULL
    | OUTER
    | OVERLAPS
    | RIGHT
    | SIMILAR
    | TABLESAMPLE
    | VERBOSE
    ;

reservedKeyword
    : ALL
    | ANALYSE
    | ANALYZE
    | AND
    | ANY
    | ARRAY
    | AS
    | ASC
    | ASYMMETRIC
    | BOTH
    | CASE
    | CAST
    | CHECK
    | COLLATE
    | COLUMN
    | CONSTRAINT
    | CREATE
    | CURRENT_CATALOG
    | CURRENT_DATE
    | CURRENT_ROLE
    | CURRENT_TIME
    | CURRENT_TIMESTAMP
    | CURRENT_USER
    | DEFAULT
    | DEFERRABLE
    | DESC
    | DISTINCT
    | DO
    | ELSE
    | END
    | EXCEPT
    | FALSE_P
    | FETCH
    | FOR
    | FOREIGN
    | FROM
    | GRANT
    | GROUP
    | HAVING
    | IN
    | INITIALLY
    | INTERSECT
    | INTO
    | LATERAL
    | LEADING
    | LIMIT
    | LOCALTIME
    | LOCALTIMESTAMP
    | NOT
    | NULL_P
    | OFFSET
    | ON
    | ONLY
    | OR
    | ORDER
    | PLACING
    | PRIMARY
    | REFERENCES
    | RETURNING
    | SELECT
    | SESSION_USER
    | SOME
    | SYMMETRIC
    | TABLE
    | THEN
    | TO
    | TRAILING
    | TRUE_P
    | UNION
    | UNIQUE
    | USER
    | USING
    | VARIADIC
    | WHEN
    | WHERE
    | WINDOW
    | WITH
    ;

// Keywords that may follow an expression as a column label without AS (pg_get_keywords().barelabel).
bareLabelKeyword
    : ABORT
    | CALL
    | CHECKPOINT
    | ROUTINE
    | DISCARD
    | DOMAIN_P
    | VALIDATE
    | ABSOLUTE_P
    | ASENSITIVE
    | BACKWARD
    | CLOSE
    | CURSOR
    | DECLARE
    | FORWARD
    | FUNCTION
    | RETURNS
    | HOLD
    | INSENSITIVE
    | MOVE
    | PRIOR
    | RELATIVE_P
    | SCROLL
    | ACTION
    | ADD
    | ALL
    | ALTER
    | ALWAYS
    | ANALYSE
    | ANALYZE
    | AND
    | ANY
    | ASC
    | ASYMMETRIC
    | AT
    | AUTHORIZATION
    | BEGIN
    | BETWEEN
    | BIGINT
    | BINARY
    | BIT
    | BOOLEAN
    | BOTH
    | BY
    | CACHE
    | CASCADE
    | CASCADED
    | CASE
    | CAST
    | CHAIN
    | CHARACTERISTICS
    | CHECK
    | COALESCE
    | COLLATE
    | COLLATION
    | COLUMN
    | COMMENT
    | COMMIT
    | COMMITTED
    | CONCURRENTLY
    | CONFLICT
    | CONNECTION
    | CONSTRAINT
    | CONTINUE
    | COPY
    | CROSS
    | CSV
    | CUBE
    | CURRENT
    | CURRENT_CATALOG
    | CURRENT_DATE
    | CURRENT_ROLE
    | CURRENT_SCHEMA
    | CURRENT_TIME
    | CURRENT_TIMESTAMP
    | CURRENT_USER
    | CYCLE
    | DATA
    | DEALLOCATE
    | DEC
    | DECIMAL
    | DEFAULT
    | DEFERRABLE
    | DEFERRED
    | DELETE
    | DELIMITER
    | DELIMITERS
    | DESC
    | DISTINCT
    | DO
    | DOUBLE
    | DROP
    | ELSE
    | ENCODING
    | ENCRYPTED
    | END
    | ESCAPE
    | EXCLUDE
    | EXCLUDING
    | EXECUTE
    | EXISTS
    | EXPLAIN
    | EXPRESSION
    | EXTRACT
    | FALSE_P
    | FIRST
    | FLOAT
    | FOLLOWING
    | FORCE
    | FOREIGN
    | FREEZE
    | FULL
    | GENERATED
    | GLOBAL
    | GREATEST
    | GROUPING
    | GROUPS
    | HEADER_P
    | IDENTITY
    | IF
    | ILIKE
    | IMMEDIATE
    | IN
    | INCLUDE
    | INCREMENT
    | INDEX
    | INHERIT
    | INITIALLY
    | INNER
    | INOUT
    | INSERT
    | INT
    | INTEGER
    | INTERVAL
    | IS
    | ISOLATION
    | JOIN
    | KEY
    | LAST
    | LATERAL
    | LEADING
    | LEAST
    | LEFT
    | LEVEL
    | LIKE
    | LISTEN
    | LOCAL
    | LOCALTIME
    | LOCALTIMESTAMP
    | LOCKED
    | LOGGED
    | MATCH
    | MATCHED
    | MATERIALIZED
    | MAXVALUE
    | MINVALUE
    | NAME
    | NAMES
    | NATIONAL
    | NATURAL
    | NCHAR
    | NEXT
    | NO
    | NONE
    | NORMALIZE
    | NOT
    | MERGE
    | NOTHING
    | NOTIFY
    | NOWAIT
    | NULL_P
    | NULLIF
    | NULLS
    | NUMERIC
    | OF
    | ONLY
    | OPERATOR
    | OPTION
    | OR
    | ORDINALITY
    | OTHERS
    | OUT
    | OUTER
    | OVERLAY
    | OVERRIDING
    | OWNED
    | REASSIGN
    | PARTIAL
    | PARTITION
    | PASSWORD
    | PLACING
    | POSITION
    | PRECEDING
    | PREPARE
    | PREPARED
    | PRESERVE
    | PRIMARY
    | QUOTE
    | RANGE
    | READ
    | REAL
    | RECURSIVE
    | REFERENCES
    | REFRESH
    | REINDEX
    | RELEASE
    | RENAME
    | REPEATABLE
    | REPLACE
    | RESET
    | RESTART
    | RESTRICT
    | RIGHT
    | ROLE
    | ROLLBACK
    | ROLLUP
    | ROW
    | ROWS
    | SAVEPOINT
    | SCHEMA
    | SELECT
    | SEQUENCE
    | SERIALIZABLE
    | SESSION
    | SESSION_USER
    | SET
    | SETOF
    | SETS
    | SHARE
    | SHOW
    | SIMILAR
    | SIMPLE
    | SKIP_P
    | SMALLINT
    | SOME
    | START
    | STDIN
    | STDOUT
    | STORED
    | SUBSTRING
    | SYMMETRIC
    | SYSTEM
    | TABLE
    | TABLESAMPLE
    | TEMP
    | TEMPORARY
    | THEN
    | TIES
    | TIME
    | TIMESTAMP
    | TRAILING
    | TRANSACTION
    | TREAT
    | TRIM
    | TRUE_P
    | TRUNCATE
    | TYPE
    | UESCAPE
    | UNBOUNDED
    | UNCOMMITTED
    | UNENCRYPTED
    | UNIQUE
    | UNKNOWN
    | UNLISTEN
    | UNLOGGED
    | UNTIL
    | UPDATE
    | USER
    | USING
    | VACUUM
    | VALID
    | VALIDATE
    | VALUE
    | VALUES
    | VARCHAR
    | VARIADIC
    | VERBOSE
    | VIEW
    | WHEN
    | WORK
    | WRITE
    | ZONE
    
    | INCLUDING
;
