-- MERGE (PostgreSQL 15): update, insert, delete and do nothing, in order, with the MERGE n tag
CREATE TABLE mg_t (id int PRIMARY KEY, v text);
CREATE TABLE mg_s (id int, v text);
INSERT INTO mg_t VALUES (1, 'a'), (2, 'b'), (4, 'd');
INSERT INTO mg_s VALUES (1, 'x'), (3, 'y'), (4, 'z');
MERGE INTO mg_t USING mg_s ON mg_t.id = mg_s.id WHEN MATCHED AND mg_s.v = 'z' THEN DELETE WHEN MATCHED THEN UPDATE SET v = mg_s.v WHEN NOT MATCHED THEN INSERT VALUES (mg_s.id, mg_s.v);
SELECT * FROM mg_t ORDER BY id;
-- no clause acts, or DO NOTHING: the row is not counted
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN MATCHED AND s.v = 'nope' THEN DELETE WHEN NOT MATCHED THEN DO NOTHING;
-- sources: VALUES, a subquery, a CTE, a view, the target's alias
MERGE INTO mg_t AS t USING (VALUES (2, 'q'), (9, 'n')) AS s(id, v) ON t.id = s.id WHEN MATCHED THEN DO NOTHING WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);
MERGE INTO mg_t t USING (SELECT id, v FROM mg_s WHERE id > 2) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = t.v || s.v;
WITH c AS (SELECT 2 AS id) MERGE INTO mg_t t USING c ON t.id = c.id WHEN MATCHED THEN UPDATE SET v = 'cte';
CREATE VIEW mg_v AS SELECT id, v FROM mg_s;
MERGE INTO mg_t t USING mg_v ON t.id = mg_v.id WHEN MATCHED THEN UPDATE SET (v) = ROW(mg_v.v || '!');
SELECT * FROM mg_t ORDER BY id;
-- two source rows for one target row: 21000
INSERT INTO mg_s VALUES (1, 'w');
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN MATCHED THEN DO NOTHING;
-- WHEN NOT MATCHED cannot read the target; unreachable clauses; the target as source; views are refused
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN NOT MATCHED AND t.id > 0 THEN INSERT VALUES (s.id, s.v);
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN MATCHED AND s.id = 1 THEN DELETE;
MERGE INTO mg_t USING mg_t ON mg_t.id = mg_t.id WHEN MATCHED THEN DELETE;
MERGE INTO mg_v USING mg_s ON mg_v.id = mg_s.id WHEN MATCHED THEN DELETE;
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN MATCHED AND count(*) > 1 THEN DELETE;
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = 'x', v = 'y';
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id, 1);
MERGE INTO mg_t t USING mg_s s ON t.id = s.id WHEN MATCHED THEN DELETE RETURNING *;
WITH x AS (MERGE INTO mg_t USING mg_s ON mg_t.id = mg_s.id WHEN MATCHED THEN DO NOTHING) SELECT 1;
-- defaults, identity, generated columns, NOT NULL, CHECK, unique
CREATE TABLE mg_g (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, k int UNIQUE, v text DEFAULT 'dflt' NOT NULL, g int GENERATED ALWAYS AS (k * 2) STORED, CHECK (k < 100));
CREATE TABLE mg_gs (k int, v text);
INSERT INTO mg_gs VALUES (1, 'one'), (2, NULL), (150, 'big');
MERGE INTO mg_g USING mg_gs ON mg_g.k = mg_gs.k WHEN NOT MATCHED AND mg_gs.k < 100 THEN INSERT (k) VALUES (mg_gs.k);
SELECT * FROM mg_g ORDER BY k;
MERGE INTO mg_g USING mg_gs ON mg_g.k = mg_gs.k WHEN NOT MATCHED THEN INSERT (k) VALUES (mg_gs.k);
MERGE INTO mg_g USING mg_gs ON mg_g.k = mg_gs.k WHEN MATCHED THEN UPDATE SET v = mg_gs.v;
MERGE INTO mg_g USING mg_gs ON mg_g.k = mg_gs.k WHEN MATCHED THEN UPDATE SET id = 3;
MERGE INTO mg_g USING mg_gs ON mg_g.k = mg_gs.k WHEN MATCHED THEN UPDATE SET g = 3;
MERGE INTO mg_g USING mg_gs ON mg_g.k = mg_gs.k WHEN MATCHED THEN UPDATE SET k = mg_g.k + 1;
MERGE INTO mg_g USING mg_gs ON mg_g.k = mg_gs.k WHEN NOT MATCHED AND mg_gs.k = 2 THEN INSERT (id, k) OVERRIDING SYSTEM VALUE VALUES (50, mg_gs.k);
MERGE INTO mg_g USING (VALUES (7)) s(k) ON mg_g.k = s.k WHEN NOT MATCHED THEN INSERT (id, k) OVERRIDING USER VALUE VALUES (1, s.k);
MERGE INTO mg_g USING (VALUES (8)) s(k) ON mg_g.k = s.k WHEN NOT MATCHED THEN INSERT DEFAULT VALUES;
MERGE INTO mg_g USING (VALUES (1, 'again')) s(k, v) ON mg_g.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v, k = DEFAULT;
SELECT * FROM mg_g ORDER BY id;
-- foreign keys, both ways
CREATE TABLE mg_p (id int PRIMARY KEY);
CREATE TABLE mg_c (id int, p int REFERENCES mg_p);
INSERT INTO mg_p VALUES (1);
MERGE INTO mg_c USING (VALUES (1, 1), (2, 7)) s(a, b) ON mg_c.id = s.a WHEN NOT MATCHED THEN INSERT VALUES (s.a, s.b);
MERGE INTO mg_c USING (VALUES (1, 1)) s(a, b) ON mg_c.id = s.a WHEN NOT MATCHED THEN INSERT VALUES (s.a, s.b);
MERGE INTO mg_p USING (VALUES (1)) s(a) ON mg_p.id = s.a WHEN MATCHED THEN DELETE;
-- sequences in INSERT's values
CREATE SEQUENCE mg_seq;
CREATE TABLE mg_q (id int DEFAULT nextval('mg_seq'), k int);
MERGE INTO mg_q USING generate_series(1, 3) g(k) ON mg_q.k = g.k WHEN NOT MATCHED THEN INSERT (k) VALUES (g.k);
MERGE INTO mg_q USING generate_series(1, 4) g(k) ON mg_q.k = g.k WHEN NOT MATCHED THEN INSERT VALUES (nextval('mg_seq') * 10, g.k);
-- (which source row takes which nextval() depends on the join's order)
SELECT count(*), sum(id), max(id) FROM mg_q;
-- triggers: statement triggers for each kind of action, row triggers as rows are written
CREATE TABLE mg_log (n serial, msg text);
CREATE FUNCTION mg_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO mg_log (msg) VALUES (TG_WHEN || ' ' || TG_LEVEL || ' ' || TG_OP); IF TG_LEVEL = 'ROW' THEN IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END IF; RETURN NULL; END $$;
CREATE TABLE mg_tr (id int PRIMARY KEY, v int);
INSERT INTO mg_tr VALUES (1, 1), (2, 2);
CREATE TRIGGER mg_bs BEFORE INSERT OR UPDATE OR DELETE ON mg_tr FOR EACH STATEMENT EXECUTE FUNCTION mg_trg();
CREATE TRIGGER mg_as AFTER INSERT OR UPDATE OR DELETE ON mg_tr FOR EACH STATEMENT EXECUTE FUNCTION mg_trg();
CREATE TRIGGER mg_br BEFORE INSERT OR UPDATE OR DELETE ON mg_tr FOR EACH ROW EXECUTE FUNCTION mg_trg();
CREATE TRIGGER mg_ar AFTER INSERT OR UPDATE OR DELETE ON mg_tr FOR EACH ROW EXECUTE FUNCTION mg_trg();
MERGE INTO mg_tr USING (VALUES (1), (2), (3)) s(id) ON mg_tr.id = s.id WHEN MATCHED AND s.id = 1 THEN UPDATE SET v = 10 WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.id, 3);
SELECT msg FROM mg_log ORDER BY n;
SELECT * FROM mg_tr ORDER BY id;
-- ON CONFLICT DO UPDATE's AFTER STATEMENT triggers: UPDATE before INSERT
DELETE FROM mg_log;
INSERT INTO mg_tr VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET v = 0;
SELECT msg FROM mg_log ORDER BY n;
-- privileges per action and column
CREATE ROLE mg_user;
CREATE SCHEMA mg_sch;
GRANT USAGE ON SCHEMA mg_sch TO mg_user;
CREATE TABLE mg_sch.pt (id int PRIMARY KEY, a int, b int);
CREATE TABLE mg_sch.ps (id int, v text);
INSERT INTO mg_sch.pt VALUES (1, 1, 1);
INSERT INTO mg_sch.ps VALUES (1, 'x'), (2, 'y');
GRANT SELECT ON mg_sch.ps TO mg_user;
SET ROLE mg_user;
MERGE INTO mg_sch.pt USING mg_sch.ps ON pt.id = ps.id WHEN MATCHED THEN DO NOTHING;
RESET ROLE;
GRANT SELECT (id) ON mg_sch.pt TO mg_user;
GRANT UPDATE (a) ON mg_sch.pt TO mg_user;
SET ROLE mg_user;
MERGE INTO mg_sch.pt USING mg_sch.ps ON pt.id = ps.id WHEN MATCHED THEN DO NOTHING;
MERGE INTO mg_sch.pt USING mg_sch.ps ON pt.id = ps.id WHEN MATCHED AND ps.v = 'x' THEN UPDATE SET a = 5;
MERGE INTO mg_sch.pt USING mg_sch.ps ON pt.id = ps.id WHEN MATCHED THEN UPDATE SET b = 5;
MERGE INTO mg_sch.pt USING mg_sch.ps ON pt.id = ps.id WHEN MATCHED THEN UPDATE SET a = pt.b;
MERGE INTO mg_sch.pt USING mg_sch.ps ON pt.id = ps.id WHEN MATCHED THEN DELETE;
MERGE INTO mg_sch.pt USING mg_sch.ps ON pt.id = ps.id WHEN NOT MATCHED THEN INSERT (id) VALUES (ps.id);
RESET ROLE;
SELECT * FROM mg_sch.pt ORDER BY id;
-- in a PL/pgSQL function, with its variables as parameters
CREATE TABLE mg_pf (id int PRIMARY KEY, n int);
CREATE FUNCTION mg_up(i int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE c int; BEGIN MERGE INTO mg_pf USING (SELECT i AS id) s ON mg_pf.id = s.id WHEN MATCHED THEN UPDATE SET n = mg_pf.n + 1 WHEN NOT MATCHED THEN INSERT VALUES (s.id, 1); GET DIAGNOSTICS c = ROW_COUNT; RETURN c; END $$;
SELECT mg_up(1);
SELECT mg_up(1);
SELECT mg_up(2);
SELECT * FROM mg_pf ORDER BY id;
-- MERGE and MATCHED stay usable as names
CREATE TABLE merge (merge int, matched int);
INSERT INTO merge VALUES (1, 2);
SELECT merge, matched FROM merge;
MERGE INTO merge USING (VALUES (1)) AS matched(m) ON merge.merge = matched.m WHEN MATCHED THEN UPDATE SET matched = 3;
SELECT merge AS merge, matched FROM merge;
-- read-only transactions refuse it
BEGIN READ ONLY;
MERGE INTO mg_t USING mg_s ON mg_t.id = mg_s.id WHEN MATCHED THEN DELETE;
ROLLBACK;
