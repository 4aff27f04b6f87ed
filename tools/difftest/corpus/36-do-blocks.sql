-- setup: DO blocks (anonymous PL/pgSQL) as migrations use them
CREATE TABLE do_users (id int PRIMARY KEY, name text);
CREATE TABLE do_posts (id int PRIMARY KEY, author_id int);
CREATE TABLE do_log (n int, msg text);
-- drizzle-kit: CREATE TYPE guarded by EXCEPTION WHEN duplicate_object, run twice
DO $$ BEGIN CREATE TYPE do_mood AS ENUM('sad', 'ok', 'happy'); EXCEPTION WHEN duplicate_object THEN null; END $$;
DO $$ BEGIN CREATE TYPE do_mood AS ENUM('sad', 'ok', 'happy'); EXCEPTION WHEN duplicate_object THEN null; END $$;
SELECT enum_range(NULL::do_mood)::text;
-- drizzle-kit: ADD CONSTRAINT … FOREIGN KEY guarded the same way, run twice
DO $$ BEGIN ALTER TABLE do_posts ADD CONSTRAINT do_posts_author_fk FOREIGN KEY (author_id) REFERENCES do_users(id) ON DELETE no action ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN null; END $$;
DO $$ BEGIN ALTER TABLE do_posts ADD CONSTRAINT do_posts_author_fk FOREIGN KEY (author_id) REFERENCES do_users(id) ON DELETE no action ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN null; END $$;
INSERT INTO do_posts VALUES (1, 99);
-- IF NOT EXISTS over the catalog
DO $$ BEGIN IF to_regtype('do_status') IS NULL THEN CREATE TYPE do_status AS ENUM ('on', 'off'); END IF; END $$;
DO $$ BEGIN IF to_regtype('do_status') IS NULL THEN CREATE TYPE do_status AS ENUM ('never'); END IF; END $$;
SELECT enum_range(NULL::do_status)::text;
-- variables, loops, INTO, FOUND, ROW_COUNT
DO $$ DECLARE n int := 0; s text := ''; BEGIN LOOP n := n + 1; CONTINUE WHEN n = 2; s := s || n; EXIT WHEN n >= 4; END LOOP; FOR i IN REVERSE 10..1 BY 3 LOOP s := s || ',' || i; END LOOP; INSERT INTO do_log VALUES (n, s); END $$;
DO $$ DECLARE total bigint; r record; BEGIN FOR i IN 1..5 LOOP INSERT INTO do_users VALUES (i, 'u' || i); END LOOP; FOR r IN SELECT id, name FROM do_users WHERE id > 3 ORDER BY id LOOP INSERT INTO do_log VALUES (r.id, r.name); END LOOP; SELECT sum(id) INTO total FROM do_users; INSERT INTO do_log VALUES (total, 'sum'); END $$;
DO $$ DECLARE n bigint; f boolean; BEGIN UPDATE do_users SET name = upper(name) WHERE id <= 2; GET DIAGNOSTICS n = ROW_COUNT; f := FOUND; PERFORM 1 FROM do_users WHERE id = 42; INSERT INTO do_log VALUES (n, f::text || ' ' || FOUND::text); END $$;
DO $$ DECLARE x int; BEGIN FOREACH x IN ARRAY ARRAY[7, 8] LOOP INSERT INTO do_log VALUES (x, 'each'); END LOOP; END $$;
DO $$ DECLARE v text; BEGIN INSERT INTO do_users VALUES (6, 'six') RETURNING name INTO v; INSERT INTO do_log VALUES (6, v); END $$;
DO $$ DECLARE r record; BEGIN FOR r IN EXECUTE 'SELECT id FROM do_users WHERE id > $1' USING 4 LOOP EXECUTE format('INSERT INTO %I VALUES (%s, %L)', 'do_log', r.id, 'dyn'); END LOOP; END $$;
SELECT n, msg FROM do_log ORDER BY n, msg;
-- CASE statement
DO $$ DECLARE x int := 2; BEGIN CASE x WHEN 1, 3 THEN INSERT INTO do_log VALUES (0, 'odd'); WHEN 2, 4 THEN INSERT INTO do_log VALUES (0, 'even'); END CASE; END $$;
DO $$ DECLARE x int := 5; BEGIN CASE x WHEN 1 THEN NULL; END CASE; END $$;
-- exception blocks: the block's work is rolled back, the handler's kept
DO $$ BEGIN INSERT INTO do_log VALUES (100, 'rolled back'); INSERT INTO do_users VALUES (1, 'dup'); EXCEPTION WHEN unique_violation THEN INSERT INTO do_log VALUES (101, SQLSTATE || ' caught'); END $$;
DO $$ BEGIN PERFORM 1 / 0; EXCEPTION WHEN data_exception THEN INSERT INTO do_log VALUES (102, SQLERRM); END $$;
DO $$ DECLARE m text; BEGIN RAISE 'mine' USING ERRCODE = '22P02', DETAIL = 'd'; EXCEPTION WHEN OTHERS THEN GET STACKED DIAGNOSTICS m = PG_EXCEPTION_DETAIL; INSERT INTO do_log VALUES (103, SQLSTATE || ' ' || m); END $$;
SELECT n, msg FROM do_log WHERE n >= 100 ORDER BY n;
-- uncaught errors keep their SQLSTATE
DO $$ BEGIN RAISE EXCEPTION 'boom %', 1; END $$;
DO $$ BEGIN RAISE division_by_zero; END $$;
DO $$ BEGIN RAISE EXCEPTION USING MESSAGE = 'm', ERRCODE = 'unique_violation'; END $$;
DO $$ DECLARE x int; BEGIN SELECT id INTO STRICT x FROM do_users; END $$;
DO $$ DECLARE x int; BEGIN SELECT id INTO STRICT x FROM do_users WHERE false; END $$;
DO $$ BEGIN SELECT 1; END $$;
DO $$ BEGIN ASSERT 1 = 2, 'nope'; EXCEPTION WHEN OTHERS THEN NULL; END $$;
DO $$ DECLARE x int NOT NULL := 1; BEGIN x := NULL; END $$;
DO $$ DECLARE r record; BEGIN PERFORM r.x; END $$;
DO $$ BEGIN RAISE; END $$;
-- syntax and compile errors
DO $$ BEGIN foo; END $$;
DO $$ BEGIN EXIT; END $$;
DO $$ BEGIN NULL; EXCEPTION WHEN no_such_condition THEN NULL; END $$;
DO $$ BEGIN RAISE NOTICE 'a %'; END $$;
DO $$ BEGIN RETURN 1; END $$;
DO LANGUAGE plperl $$ BEGIN END $$;
DO LANGUAGE plpgsql $$ BEGIN INSERT INTO do_log VALUES (200, 'language first'); END $$;
-- DO inside a transaction block: its effects are the transaction's
BEGIN;
DO $$ BEGIN INSERT INTO do_log VALUES (300, 'in block'); END $$;
SELECT count(*) FROM do_log WHERE n = 300;
ROLLBACK;
SELECT count(*) FROM do_log WHERE n IN (200, 300);
BEGIN;
DO $$ BEGIN PERFORM 1 / 0; END $$;
SELECT 1;
ROLLBACK;
-- a variable named as a column in scope is ambiguous (plpgsql.variable_conflict = error)
DO $$ DECLARE id int := 1; n int; BEGIN SELECT count(*) INTO n FROM do_users WHERE id = 1; END $$;
DO $$ DECLARE id int := 1; BEGIN UPDATE do_users SET name = 'y' WHERE do_users.id = id; END $$;
DO $$ DECLARE name text := 'seven'; BEGIN INSERT INTO do_users (id, name) VALUES (7, name); END $$;
SELECT id, name FROM do_users WHERE id = 7;
