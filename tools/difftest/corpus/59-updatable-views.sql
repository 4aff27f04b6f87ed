-- automatically updatable views: UPDATE, DELETE and INSERT go to the base table, the view's WHERE limits UPDATE and DELETE
CREATE TABLE uv_t (id int PRIMARY KEY, name text DEFAULT 'none', qty int DEFAULT 5);
INSERT INTO uv_t VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3);
CREATE VIEW uv_small (k, label) AS SELECT id, name FROM uv_t x WHERE x.qty < 3;
UPDATE uv_small SET label = label || '!' RETURNING *;
DELETE FROM uv_small WHERE k = 2 RETURNING k, label;
INSERT INTO uv_small VALUES (10, 'ten') RETURNING *;
INSERT INTO uv_small (k) VALUES (11);
INSERT INTO uv_small SELECT 12, 'sel' RETURNING k;
SELECT * FROM uv_t ORDER BY id;
-- a view over a view: the WHERE clauses of both apply
CREATE VIEW uv_nested AS SELECT label, k FROM uv_small WHERE k > 1;
UPDATE uv_nested SET label = 'z' RETURNING label, k;
UPDATE uv_t SET qty = 1 WHERE id = 3;
DELETE FROM uv_nested WHERE k = 3 RETURNING *;
SELECT * FROM uv_t ORDER BY id;
-- UPDATE … FROM and DELETE … USING, RETURNING from both sides
CREATE TABLE uv_o (id int, v text);
INSERT INTO uv_o VALUES (1, 'one'), (12, 'twelve');
UPDATE uv_small SET label = uv_o.v FROM uv_o WHERE uv_o.id = uv_small.k RETURNING uv_small.*, uv_o.*;
DELETE FROM uv_small USING uv_o WHERE uv_o.id = uv_small.k AND uv_o.v = 'one';
UPDATE uv_small s SET label = 'sub' WHERE s.k IN (SELECT id FROM uv_o) RETURNING s.k, s.label;
SELECT * FROM uv_t ORDER BY id;
-- columns the view does not show do not exist through it
UPDATE uv_small SET qty = 1;
UPDATE uv_small SET label = 'x' WHERE qty = 1;
-- expressions are readable but not writable
CREATE VIEW uv_expr AS SELECT id, name, qty * 2 AS double_qty FROM uv_t;
UPDATE uv_expr SET name = 'e' WHERE double_qty = 10 RETURNING *;
UPDATE uv_expr SET double_qty = 1;
INSERT INTO uv_expr VALUES (20, 'x', 2);
INSERT INTO uv_expr VALUES (20, 'x', DEFAULT);
INSERT INTO uv_expr VALUES (20, 'x') RETURNING *;
DELETE FROM uv_expr WHERE double_qty = 10 RETURNING id;
-- a view of * keeps its columns when the table gains one
CREATE VIEW uv_star AS SELECT * FROM uv_t;
ALTER TABLE uv_t ADD COLUMN extra int;
UPDATE uv_star SET qty = 7 WHERE id = 1 RETURNING *;
INSERT INTO uv_star VALUES (30, 'n', 1) RETURNING *;
SELECT * FROM uv_t ORDER BY id;
-- views that are not automatically updatable: 55000
CREATE VIEW uv_distinct AS SELECT DISTINCT qty FROM uv_t;
CREATE VIEW uv_group AS SELECT qty FROM uv_t GROUP BY qty;
CREATE VIEW uv_join AS SELECT a.id FROM uv_t a, uv_o b;
CREATE VIEW uv_count AS SELECT count(*) AS n FROM uv_t;
CREATE VIEW uv_union AS SELECT id FROM uv_t UNION SELECT id FROM uv_o;
CREATE VIEW uv_limit AS SELECT id FROM uv_t LIMIT 1;
CREATE VIEW uv_with AS WITH w AS (SELECT 1) SELECT id FROM uv_t;
CREATE VIEW uv_window AS SELECT id, row_number() OVER () AS r FROM uv_t;
CREATE VIEW uv_having AS SELECT 1 AS one FROM uv_t HAVING true;
CREATE VIEW uv_srf AS SELECT id, generate_series(1, 2) AS g FROM uv_t;
CREATE VIEW uv_const AS SELECT 1 AS one FROM uv_t;
CREATE VIEW uv_values AS VALUES (1), (2);
UPDATE uv_distinct SET qty = 1;
DELETE FROM uv_group;
INSERT INTO uv_join VALUES (1);
UPDATE uv_count SET n = 1;
DELETE FROM uv_union;
UPDATE uv_limit SET id = 1;
DELETE FROM uv_with;
UPDATE uv_window SET id = 1;
DELETE FROM uv_having;
UPDATE uv_srf SET id = 1;
UPDATE uv_const SET one = 2;
INSERT INTO uv_const DEFAULT VALUES;
DELETE FROM uv_const WHERE false;
DELETE FROM uv_values;
CREATE VIEW uv_over_bad AS SELECT qty FROM uv_distinct;
UPDATE uv_over_bad SET qty = 1;
-- triggers on the base table fire
CREATE TABLE uv_log (n serial, msg text);
CREATE FUNCTION uv_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO uv_log (msg) VALUES (TG_OP || ' ' || TG_LEVEL || ' ' || TG_WHEN || ' ' || TG_TABLE_NAME); RETURN NEW; END $$;
CREATE TRIGGER uv_row BEFORE UPDATE ON uv_t FOR EACH ROW EXECUTE FUNCTION uv_trg();
CREATE TRIGGER uv_stmt AFTER UPDATE ON uv_t FOR EACH STATEMENT EXECUTE FUNCTION uv_trg();
UPDATE uv_star SET name = 'trig' WHERE id = 1;
SELECT msg FROM uv_log ORDER BY n;
-- constraints of the base table hold
INSERT INTO uv_small VALUES (1, 'dup');
-- privileges: the caller's on the view, the view owner's on the table
CREATE ROLE uv_owner;
CREATE ROLE uv_user;
CREATE SCHEMA uv_s;
GRANT USAGE ON SCHEMA uv_s TO uv_owner, uv_user;
CREATE TABLE uv_s.secret (id int, v text);
INSERT INTO uv_s.secret VALUES (1, 'x');
GRANT SELECT, UPDATE ON uv_s.secret TO uv_owner;
CREATE VIEW uv_s.sv AS SELECT id, v FROM uv_s.secret;
ALTER VIEW uv_s.sv OWNER TO uv_owner;
GRANT SELECT, UPDATE, DELETE ON uv_s.sv TO uv_user;
SET ROLE uv_user;
UPDATE uv_s.sv SET v = 'y' RETURNING *;
DELETE FROM uv_s.sv;
INSERT INTO uv_s.sv VALUES (2, 'z');
UPDATE uv_s.secret SET v = 'w';
RESET ROLE;
SELECT * FROM uv_s.secret;
DROP SCHEMA uv_s CASCADE;
DROP ROLE uv_owner;
DROP ROLE uv_user;
