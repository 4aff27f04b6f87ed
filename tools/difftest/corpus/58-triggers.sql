-- CREATE TRIGGER: an updated_at-style BEFORE UPDATE trigger changing NEW (tg_lines collects what triggers report)
CREATE TABLE tg_lines (n serial, line text);
CREATE TABLE tg_item (id int PRIMARY KEY, name text, qty int, version int DEFAULT 0, total int GENERATED ALWAYS AS (qty * 10) STORED);
CREATE FUNCTION tg_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := OLD.version + 1; NEW.name := lower(NEW.name); RETURN NEW; END $$;
CREATE TRIGGER tg_bump BEFORE UPDATE ON tg_item FOR EACH ROW EXECUTE FUNCTION tg_bump();
INSERT INTO tg_item (id, name, qty) VALUES (1, 'Apple', 3), (2, 'Pear', 5);
UPDATE tg_item SET name = 'APPLE', qty = qty + 1 WHERE id = 1 RETURNING *;
SELECT * FROM tg_item ORDER BY id;
-- BEFORE INSERT: RETURN NULL skips the row; generated columns follow what the trigger returned
CREATE FUNCTION tg_filter() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.qty < 0 THEN RETURN NULL; END IF; NEW.qty := NEW.qty * 2; RETURN NEW; END $$;
CREATE TRIGGER tg_filter BEFORE INSERT ON tg_item FOR EACH ROW EXECUTE FUNCTION tg_filter();
INSERT INTO tg_item (id, name, qty) VALUES (3, 'fig', 4), (4, 'bad', -1), (5, 'kiwi', 1) RETURNING id, qty, total;
SELECT id, qty, total FROM tg_item ORDER BY id;
-- an audit table filled by AFTER ROW triggers, which see the whole statement
CREATE TABLE tg_audit (n serial, op text, item int, old_qty int, new_qty int, seen bigint);
CREATE FUNCTION tg_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO tg_audit (op, item, old_qty, seen) VALUES (TG_OP, OLD.id, OLD.qty, (SELECT count(*) FROM tg_item)); RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO tg_audit (op, item, old_qty, new_qty, seen) VALUES (TG_OP, NEW.id, OLD.qty, NEW.qty, (SELECT count(*) FROM tg_item)); ELSE INSERT INTO tg_audit (op, item, new_qty, seen) VALUES (TG_OP, NEW.id, NEW.qty, (SELECT count(*) FROM tg_item)); END IF; RETURN NEW; END $$;
CREATE TRIGGER tg_log AFTER INSERT OR UPDATE OR DELETE ON tg_item FOR EACH ROW EXECUTE FUNCTION tg_log();
INSERT INTO tg_item (id, name, qty) VALUES (6, 'lime', 1), (7, 'plum', 2);
UPDATE tg_item SET qty = qty + 1 WHERE id IN (6, 7);
DELETE FROM tg_item WHERE id >= 6;
SELECT op, item, old_qty, new_qty, seen FROM tg_audit ORDER BY n;
-- statement-level triggers and the TG_ variables
CREATE FUNCTION tg_vars() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO tg_lines (line) VALUES (format('%s %s %s %s %s.%s nargs=%s argv0=%s', TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_NARGS, TG_ARGV[0])); RETURN NULL; END $$;
CREATE TRIGGER tg_stmt_before BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON tg_audit FOR EACH STATEMENT EXECUTE FUNCTION tg_vars('before');
CREATE TRIGGER tg_stmt_after AFTER UPDATE OR TRUNCATE ON tg_audit EXECUTE PROCEDURE tg_vars();
UPDATE tg_audit SET seen = 0 WHERE false;
DELETE FROM tg_audit WHERE false;
TRUNCATE tg_audit;
SELECT line FROM tg_lines ORDER BY n;
DELETE FROM tg_lines;
-- AFTER ROW triggers of one event fire in name order, row by row
CREATE TABLE tg_order (id int);
CREATE FUNCTION tg_say() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO tg_lines (line) VALUES (format('%s row %s', TG_NAME, NEW.id)); RETURN NEW; END $$;
CREATE TRIGGER zeta AFTER INSERT ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_say();
CREATE TRIGGER alpha AFTER INSERT ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_say();
CREATE TRIGGER mid BEFORE INSERT ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_say();
INSERT INTO tg_order VALUES (1), (2);
SELECT line FROM tg_lines ORDER BY n;
DELETE FROM tg_lines;
SELECT count(*) FROM tg_order;
-- WHEN and UPDATE OF
CREATE TABLE tg_when (id int PRIMARY KEY, a int, b int);
CREATE TRIGGER tg_a_changed AFTER UPDATE ON tg_when FOR EACH ROW WHEN (OLD.a IS DISTINCT FROM NEW.a) EXECUTE FUNCTION tg_say();
CREATE TRIGGER tg_of_b AFTER UPDATE OF b ON tg_when FOR EACH ROW EXECUTE FUNCTION tg_say();
CREATE TRIGGER tg_big BEFORE INSERT ON tg_when FOR EACH ROW WHEN (NEW.a > 100) EXECUTE FUNCTION tg_say();
INSERT INTO tg_when VALUES (1, 1, 1), (2, 200, 2);
UPDATE tg_when SET a = 1;
UPDATE tg_when SET b = b + 1 WHERE id = 1;
SELECT line FROM tg_lines ORDER BY n;
DELETE FROM tg_lines;
-- INSERT … ON CONFLICT
CREATE TABLE tg_up (k int PRIMARY KEY, v text);
CREATE FUNCTION tg_op() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO tg_lines (line) VALUES (format('%s %s %s', TG_NAME, TG_OP, TG_LEVEL)); RETURN NEW; END $$;
CREATE TRIGGER tg_up_row BEFORE INSERT OR UPDATE ON tg_up FOR EACH ROW EXECUTE FUNCTION tg_op();
CREATE TRIGGER tg_up_after AFTER INSERT OR UPDATE ON tg_up FOR EACH ROW EXECUTE FUNCTION tg_op();
CREATE TRIGGER tg_up_stmt BEFORE INSERT OR UPDATE ON tg_up FOR EACH STATEMENT EXECUTE FUNCTION tg_op();
INSERT INTO tg_up VALUES (1, 'a');
INSERT INTO tg_up VALUES (1, 'b') ON CONFLICT (k) DO UPDATE SET v = excluded.v;
INSERT INTO tg_up VALUES (1, 'c') ON CONFLICT (k) DO NOTHING;
SELECT line FROM tg_lines ORDER BY n;
DELETE FROM tg_lines;
SELECT * FROM tg_up;
-- foreign-key cascades fire the referencing table's row triggers
CREATE TABLE tg_parent (id int PRIMARY KEY);
CREATE TABLE tg_child (id int PRIMARY KEY, parent int REFERENCES tg_parent ON DELETE CASCADE ON UPDATE CASCADE);
CREATE FUNCTION tg_child_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO tg_lines (line) VALUES (format('%s %s child %s', TG_WHEN, TG_OP, OLD.id)); RETURN OLD; END IF; INSERT INTO tg_lines (line) VALUES (format('%s %s child %s parent %s', TG_WHEN, TG_OP, NEW.id, NEW.parent)); RETURN NEW; END $$;
CREATE TRIGGER tg_child_b BEFORE UPDATE OR DELETE ON tg_child FOR EACH ROW EXECUTE FUNCTION tg_child_note();
CREATE TRIGGER tg_child_a AFTER UPDATE OR DELETE ON tg_child FOR EACH ROW EXECUTE FUNCTION tg_child_note();
INSERT INTO tg_parent VALUES (1), (2);
INSERT INTO tg_child VALUES (10, 1), (20, 2);
UPDATE tg_parent SET id = 3 WHERE id = 1;
DELETE FROM tg_parent WHERE id = 2;
SELECT line FROM tg_lines ORDER BY n;
DELETE FROM tg_lines;
SELECT * FROM tg_child ORDER BY id;
-- errors raised in a trigger abort the statement; a BEFORE DELETE returning NULL keeps the row
CREATE TABLE tg_guard (id int);
CREATE FUNCTION tg_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused %', NEW.id USING ERRCODE = 'check_violation'; END $$;
CREATE TRIGGER tg_refuse AFTER INSERT ON tg_guard FOR EACH ROW WHEN (NEW.id < 0) EXECUTE FUNCTION tg_refuse();
INSERT INTO tg_guard VALUES (1), (-1);
SELECT count(*) FROM tg_guard;
INSERT INTO tg_guard VALUES (2);
CREATE FUNCTION tg_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER tg_keep BEFORE DELETE ON tg_guard FOR EACH ROW EXECUTE FUNCTION tg_keep();
DELETE FROM tg_guard;
SELECT count(*) FROM tg_guard;
CREATE FUNCTION tg_noreturn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE TRIGGER tg_noreturn BEFORE UPDATE ON tg_guard FOR EACH ROW EXECUTE FUNCTION tg_noreturn();
UPDATE tg_guard SET id = id;
-- recursion is stopped by the stack depth limit
CREATE TABLE tg_rec (id int);
CREATE FUNCTION tg_recurse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO tg_rec VALUES (NEW.id + 1); RETURN NEW; END $$;
CREATE TRIGGER tg_recurse BEFORE INSERT ON tg_rec FOR EACH ROW WHEN (NEW.id < 20) EXECUTE FUNCTION tg_recurse();
INSERT INTO tg_rec VALUES (1);
SELECT count(*), min(id), max(id) FROM tg_rec;
-- the catalog; WHEN printed as PostgreSQL's deparser does
CREATE TABLE tg_show (id int, v text, d date);
CREATE TRIGGER tg_show1 AFTER INSERT ON tg_show FOR EACH ROW WHEN (NEW.id > 0 AND NEW.v <> 'x') EXECUTE FUNCTION tg_say();
CREATE TRIGGER tg_show2 AFTER UPDATE ON tg_show FOR EACH ROW WHEN (NEW.id + 1 > 2 OR OLD.id < -5 OR NEW.d > '2020-01-01') EXECUTE FUNCTION tg_say('a b', 'it''s');
CREATE TRIGGER "Show 3" BEFORE UPDATE OF v ON tg_show FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION tg_say();
SELECT pg_get_triggerdef(oid), pg_get_triggerdef(oid, true) FROM pg_trigger WHERE tgrelid = 'tg_show'::regclass ORDER BY tgname;
-- whole records: OLD.* IS DISTINCT FROM NEW.* in WHEN, NEW IS DISTINCT FROM OLD in a body
INSERT INTO tg_show VALUES (1, 'a', '2021-01-01'), (2, 'b', NULL);
UPDATE tg_show SET v = 'a';
CREATE FUNCTION tg_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW IS DISTINCT FROM OLD THEN INSERT INTO tg_lines (line) VALUES ('changed ' || NEW.id); END IF; RETURN NEW; END $$;
CREATE TRIGGER tg_changed AFTER UPDATE ON tg_show FOR EACH ROW EXECUTE FUNCTION tg_changed();
UPDATE tg_show SET d = '2021-01-01';
SELECT line FROM tg_lines ORDER BY n;
DELETE FROM tg_lines;
SELECT tgname, tgtype, tgenabled, tgnargs, tgattr, tgisinternal FROM pg_trigger WHERE tgrelid = 'tg_when'::regclass ORDER BY tgname;
SELECT pg_get_triggerdef(oid), pg_get_triggerdef(oid, true) FROM pg_trigger WHERE tgrelid IN ('tg_item'::regclass, 'tg_when'::regclass) ORDER BY tgname;
SELECT trigger_name, event_manipulation, event_object_table, action_order, action_condition, action_statement, action_orientation, action_timing FROM information_schema.triggers WHERE event_object_table IN ('tg_audit', 'tg_order', 'tg_when') ORDER BY 3, 1, 2;
SELECT relname, relhastriggers FROM pg_class WHERE relname IN ('tg_item', 'tg_rec', 'tg_parent') ORDER BY 1;
-- ENABLE / DISABLE, RENAME, OR REPLACE, DROP
ALTER TABLE tg_order DISABLE TRIGGER alpha;
INSERT INTO tg_order VALUES (3);
ALTER TABLE tg_order DISABLE TRIGGER ALL;
INSERT INTO tg_order VALUES (4);
ALTER TABLE tg_order ENABLE TRIGGER USER;
ALTER TRIGGER zeta ON tg_order RENAME TO omega;
CREATE OR REPLACE TRIGGER mid AFTER INSERT ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_say();
INSERT INTO tg_order VALUES (5);
SELECT line FROM tg_lines ORDER BY n;
DELETE FROM tg_lines;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'tg_order'::regclass ORDER BY 1;
DROP TRIGGER omega ON tg_order;
DROP TRIGGER IF EXISTS omega ON tg_order;
DROP TRIGGER IF EXISTS omega ON tg_nosuch;
-- errors
CREATE TRIGGER mid AFTER INSERT ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_say();
CREATE FUNCTION tg_notrig() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TRIGGER tg_x BEFORE INSERT ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_notrig();
CREATE TRIGGER tg_x BEFORE INSERT ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_nosuch();
CREATE TRIGGER tg_x BEFORE INSERT ON tg_nosuch FOR EACH ROW EXECUTE FUNCTION tg_say();
CREATE TRIGGER tg_x BEFORE UPDATE OF nosuch ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_say();
CREATE TRIGGER tg_x BEFORE TRUNCATE ON tg_order FOR EACH ROW EXECUTE FUNCTION tg_say();
DROP TRIGGER tg_nosuch ON tg_order;
DROP TRIGGER tg_nosuch ON tg_nosuch;
ALTER TRIGGER tg_nosuch ON tg_order RENAME TO tg_y;
ALTER TRIGGER alpha ON tg_order RENAME TO mid;
ALTER TABLE tg_order DISABLE TRIGGER tg_nosuch;
SELECT tg_say();
DROP FUNCTION tg_say();
-- RENAME COLUMN follows into WHEN; DROP COLUMN of an UPDATE OF column needs CASCADE
CREATE TABLE tg_dc (id int, v text, w int);
CREATE TRIGGER tg_dct BEFORE UPDATE OF v ON tg_dc FOR EACH ROW WHEN (OLD.w IS DISTINCT FROM NEW.w) EXECUTE FUNCTION tg_say();
ALTER TABLE tg_dc RENAME COLUMN w TO ww;
SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'tg_dct';
INSERT INTO tg_dc VALUES (1, 'a', 1);
UPDATE tg_dc SET v = 'b', ww = 2;
SELECT line FROM tg_lines ORDER BY n;
ALTER TABLE tg_dc DROP COLUMN v;
ALTER TABLE tg_dc DROP COLUMN v CASCADE;
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'tg_dc'::regclass;
-- DROP FUNCTION … CASCADE drops the triggers; DROP TABLE drops its triggers
DROP FUNCTION tg_vars() CASCADE;
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'tg_audit'::regclass;
DROP TABLE tg_order;
SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'tg_say';
