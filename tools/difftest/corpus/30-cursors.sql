-- setup: cursors (DECLARE / FETCH / MOVE / CLOSE) over more rows than one executor batch
CREATE TABLE cur_t AS SELECT g AS id, g % 10 AS k FROM generate_series(1, 2000) g;
CREATE TABLE cur_s AS SELECT g AS n FROM generate_series(1, 10) g;
-- a NO SCROLL cursor read forward in steps, across batches; MOVE counts the rows it passes
BEGIN;
DECLARE c1 NO SCROLL CURSOR FOR SELECT id, k FROM cur_t WHERE k < 5 ORDER BY id;
FETCH 3 FROM c1;
MOVE 300 IN c1;
FETCH 2 FROM c1;
FETCH 600 FROM c1;
FETCH FORWARD 2 FROM c1;
MOVE FORWARD ALL IN c1;
FETCH c1;
FETCH BACKWARD 2 FROM c1;
ROLLBACK;
-- two cursors at once: a semi join and an aggregate, read alternately
BEGIN;
DECLARE c2 CURSOR FOR SELECT a.id FROM cur_t a WHERE EXISTS (SELECT 1 FROM cur_t b WHERE b.id = a.id + 1000);
DECLARE c3 SCROLL CURSOR FOR SELECT k, count(*) FROM cur_t GROUP BY k ORDER BY k;
MOVE 500 IN c2;
FETCH 3 FROM c3;
FETCH 3 FROM c2;
FETCH ALL FROM c3;
FETCH ABSOLUTE 3 FROM c3;
FETCH ALL IN c2;
CLOSE c2;
FETCH c2;
ROLLBACK;
-- every direction on a SCROLL cursor, and the edges before the first and after the last row
BEGIN;
DECLARE s SCROLL CURSOR FOR SELECT n FROM cur_s ORDER BY n;
FETCH NEXT FROM s;
FETCH 3 IN s;
FETCH PRIOR FROM s;
FETCH BACKWARD 2 FROM s;
FETCH RELATIVE 0 FROM s;
FETCH RELATIVE 3 FROM s;
FETCH RELATIVE -2 FROM s;
FETCH ABSOLUTE 9 FROM s;
FETCH ABSOLUTE -3 FROM s;
FETCH LAST FROM s;
FETCH s;
FETCH PRIOR FROM s;
FETCH FIRST FROM s;
FETCH PRIOR FROM s;
FETCH RELATIVE 0 FROM s;
FETCH ABSOLUTE 11 FROM s;
FETCH BACKWARD ALL FROM s;
FETCH ALL FROM s;
FETCH ABSOLUTE 0 FROM s;
FETCH -1 FROM s;
MOVE FORWARD ALL IN s;
MOVE BACKWARD 3 IN s;
MOVE 0 IN s;
FETCH 0 FROM s;
MOVE ABSOLUTE 4 IN s;
MOVE LAST IN s;
MOVE s;
MOVE 0 IN s;
FETCH BACKWARD 20 FROM s;
CLOSE s;
COMMIT;
-- a cursor reads as of its DECLARE: later changes (its own transaction's too) are not seen
BEGIN;
DECLARE v CURSOR FOR SELECT n FROM cur_s ORDER BY n;
DELETE FROM cur_s WHERE n = 2;
FETCH 3 FROM v;
SELECT count(*) FROM cur_s;
ROLLBACK;
-- WITH HOLD: materialized at COMMIT, outlives it; a later ROLLBACK does not close it
BEGIN;
DECLARE h CURSOR WITH HOLD FOR SELECT id FROM cur_t WHERE id % 7 = 0 ORDER BY id DESC;
FETCH 2 FROM h;
COMMIT;
FETCH 2 FROM h;
MOVE 200 IN h;
BEGIN;
FETCH 2 FROM h;
ROLLBACK;
FETCH 2 FROM h;
CLOSE h;
FETCH h;
-- WITH HOLD in autocommit, scrolling back over rows read before the commit
DECLARE ha SCROLL CURSOR WITH HOLD FOR VALUES (1), (2), (3);
FETCH ALL FROM ha;
FETCH PRIOR FROM ha;
FETCH FIRST FROM ha;
CLOSE ha;
-- a WITH HOLD cursor whose declaring transaction rolls back is gone
BEGIN;
DECLARE hr CURSOR WITH HOLD FOR TABLE cur_s;
ROLLBACK;
FETCH hr;
-- savepoints: ROLLBACK TO closes the cursors declared after the savepoint
BEGIN;
DECLARE before_sp CURSOR FOR SELECT n FROM cur_s ORDER BY n;
SAVEPOINT sp;
DECLARE after_sp CURSOR FOR SELECT n FROM cur_s;
ROLLBACK TO SAVEPOINT sp;
FETCH before_sp;
FETCH after_sp;
ROLLBACK;
-- errors: outside a block, a name in use, unknown cursors, options that contradict
DECLARE nb CURSOR FOR SELECT 1;
CLOSE nope;
MOVE nope;
BEGIN;
DECLARE d CURSOR FOR SELECT 1;
DECLARE d CURSOR FOR SELECT 2;
ROLLBACK;
BEGIN;
DECLARE u SCROLL CURSOR FOR SELECT n FROM cur_s FOR UPDATE;
ROLLBACK;
DECLARE u CURSOR WITH HOLD FOR SELECT n FROM cur_s FOR UPDATE;
BEGIN;
DECLARE x SCROLL NO SCROLL CURSOR FOR SELECT 1;
ROLLBACK;
-- FETCH in an aborted transaction
BEGIN;
DECLARE a CURSOR FOR SELECT n FROM cur_s;
SELECT 1/0;
FETCH a;
ROLLBACK;
-- CLOSE ALL
BEGIN;
DECLARE a1 CURSOR FOR SELECT 1;
DECLARE a2 CURSOR FOR SELECT 2;
CLOSE ALL;
FETCH a1;
ROLLBACK;
-- pg_cursors lists the session's cursors
BEGIN;
DECLARE pc1 SCROLL CURSOR FOR SELECT 1;
DECLARE pc2 BINARY CURSOR WITH HOLD FOR VALUES (2);
SELECT name, statement, is_holdable, is_binary, is_scrollable FROM pg_cursors ORDER BY name;
ROLLBACK;
SELECT count(*) FROM pg_cursors;
-- an error while COMMIT reads a WITH HOLD cursor's rest aborts the transaction
BEGIN;
DECLARE hz CURSOR WITH HOLD FOR SELECT 10 / (n - 5) FROM cur_s ORDER BY n;
INSERT INTO cur_s VALUES (100);
FETCH 2 FROM hz;
COMMIT;
FETCH hz;
SELECT count(*) FROM cur_s WHERE n = 100;
SELECT 1;
