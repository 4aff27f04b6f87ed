-- session-level advisory locks: re-entrant, void results, shared and exclusive of one session
SELECT pg_advisory_lock(1), pg_advisory_lock(1), pg_advisory_lock_shared(1);
SELECT pg_typeof(pg_advisory_lock(2)), pg_advisory_lock(2)::text;
SELECT pg_advisory_lock(-1), pg_advisory_lock(4294967296), pg_advisory_lock(3, 4), pg_advisory_lock_shared(-5, -7);
-- pg_locks as PostgreSQL encodes the keys (classid, objid, objsubid)
SELECT locktype, database IS NOT NULL AS has_db, relation, page, tuple, virtualxid, transactionid,
       classid, objid, objsubid, mode, granted, fastpath, waitstart, pid = pg_backend_pid() AS mine
  FROM pg_locks WHERE locktype = 'advisory' ORDER BY classid, objid, objsubid, mode;
-- unlock: true per acquisition, then false with a WARNING
SELECT pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1);
SELECT pg_advisory_unlock_shared(1), pg_advisory_unlock_shared(1);
SELECT pg_advisory_unlock(3, 4), pg_advisory_unlock(4, 3), pg_advisory_unlock_shared(-5, -7);
SELECT pg_advisory_unlock_shared(2);
-- try: granted to the holder itself (re-entrant); NULL keys give NULL
SELECT pg_try_advisory_lock(2), pg_try_advisory_lock_shared(2), pg_try_advisory_lock(5, 6);
SELECT pg_try_advisory_lock(NULL), pg_advisory_lock(NULL), pg_advisory_unlock(NULL, 1);
SELECT pg_advisory_unlock_all();
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';
-- session locks survive ROLLBACK and COMMIT
BEGIN;
SELECT pg_advisory_lock(10);
ROLLBACK;
SELECT objid, mode FROM pg_locks WHERE locktype = 'advisory' ORDER BY objid;
-- transaction-level locks: unlock does not release them, transaction end does
BEGIN;
SELECT pg_advisory_xact_lock(11), pg_advisory_xact_lock_shared(12), pg_try_advisory_xact_lock(13),
       pg_try_advisory_xact_lock_shared(14);
SELECT pg_advisory_unlock(11);
SELECT objid, mode FROM pg_locks WHERE locktype = 'advisory' ORDER BY objid;
-- ROLLBACK TO releases the transaction-level locks taken since the savepoint, not session ones
SAVEPOINT s;
SELECT pg_advisory_xact_lock(15), pg_advisory_lock(16);
ROLLBACK TO s;
SELECT objid, mode FROM pg_locks WHERE locktype = 'advisory' ORDER BY objid;
-- pg_advisory_unlock_all leaves the transaction-level ones
SELECT pg_advisory_unlock_all();
SELECT objid, mode FROM pg_locks WHERE locktype = 'advisory' ORDER BY objid;
COMMIT;
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';
-- outside a transaction block, an xact lock lasts for its statement
SELECT pg_advisory_xact_lock(17);
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';
-- over the rows of a query
SELECT g, pg_try_advisory_lock(g) FROM generate_series(1, 3) g;
SELECT objid FROM pg_locks WHERE locktype = 'advisory' ORDER BY objid;
-- DISCARD ALL unlocks them
DISCARD ALL;
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';
-- wrong argument types
SELECT pg_advisory_lock('x');
SELECT pg_advisory_lock(1, 2, 3);
SELECT pg_advisory_lock(1.5);
