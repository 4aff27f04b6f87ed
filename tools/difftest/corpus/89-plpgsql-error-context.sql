-- The CONTEXT stack of errors raised under PL/pgSQL, compared as data through GET STACKED
-- DIAGNOSTICS: a line for each function on the way out, the SQL statement each ran, simple
-- expressions without a line of their own, assignments, EXECUTE, triggers and DO blocks.
CREATE TABLE ec_one (v int);
INSERT INTO ec_one VALUES (0);
CREATE FUNCTION ec_ctx(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  c text;
  m text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS c = PG_EXCEPTION_CONTEXT, m = MESSAGE_TEXT;
  RETURN m || E'\n' || c;
END $$;
CREATE FUNCTION ec_inner(x int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 10 / x;
END $$;
CREATE FUNCTION ec_assign(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE r int; BEGIN r := ec_inner(x); RETURN r; END $$;
CREATE FUNCTION ec_select(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE r int; BEGIN SELECT ec_inner(x) INTO r; RETURN r; END $$;
CREATE FUNCTION ec_perform(x int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM ec_assign(x); END $$;
CREATE FUNCTION ec_execute(x int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'SELECT ec_inner($1)' USING x; END $$;
CREATE FUNCTION ec_return(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN ec_inner(x) + 1; END $$;
CREATE FUNCTION ec_nested(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE r int; BEGIN LOOP BEGIN r := ec_inner(x); END; END LOOP; END $$;
CREATE FUNCTION ec_if(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN IF 10 / x > 0 THEN RETURN 1; END IF; RETURN 0; END $$;
CREATE FUNCTION ec_const(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 / 0; END $$;
CREATE FUNCTION ec_subquery(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE r int; BEGIN r = (SELECT 10 / x); RETURN r; END $$;
CREATE FUNCTION ec_from(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 10 / v FROM ec_one; END $$;
CREATE FUNCTION ec_into(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE r int; BEGIN SELECT 10 / v INTO r FROM ec_one; RETURN r; END $$;
CREATE FUNCTION ec_for(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE i int; BEGIN FOR i IN 1 .. 10 / x LOOP END LOOP; RETURN 1; END $$;
CREATE FUNCTION ec_for_query(x int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE i int; BEGIN FOR i IN SELECT 10 / x LOOP END LOOP; RETURN 1; END $$;
CREATE FUNCTION ec_raise(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'bad %', x; END $$;
CREATE FUNCTION ec_raise_caller(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1 .. 2 LOOP PERFORM ec_raise(x); END LOOP; RETURN 0; END $$;
CREATE FUNCTION ec_reraise(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN BEGIN PERFORM ec_inner(x); EXCEPTION WHEN division_by_zero THEN RAISE; END; RETURN 1; END $$;
SELECT ec_ctx('SELECT ec_assign(0)');
SELECT ec_ctx('SELECT ec_select(0)');
SELECT ec_ctx('SELECT ec_perform(0)');
SELECT ec_ctx('SELECT ec_execute(0)');
SELECT ec_ctx('SELECT ec_return(0)');
SELECT ec_ctx('SELECT ec_nested(0)');
SELECT ec_ctx('SELECT ec_if(0)');
SELECT ec_ctx('SELECT ec_const(0)');
SELECT ec_ctx('SELECT ec_subquery(0)');
SELECT ec_ctx('SELECT ec_from(0)');
SELECT ec_ctx('SELECT ec_into(0)');
SELECT ec_ctx('SELECT ec_for(0)');
SELECT ec_ctx('SELECT ec_for_query(0)');
SELECT ec_ctx('SELECT ec_raise_caller(0)');
SELECT ec_ctx('SELECT ec_reraise(0)');
SELECT ec_ctx('DO $d$ BEGIN PERFORM ec_select(0); END $d$');
SELECT ec_ctx('DO $d$ DECLARE r int; BEGIN r := 1 / 0; END $d$');
CREATE TABLE ec_t (a int);
CREATE FUNCTION ec_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.a := ec_inner(NEW.a); RETURN NEW; END $$;
CREATE TRIGGER ec_t_before BEFORE INSERT ON ec_t FOR EACH ROW EXECUTE FUNCTION ec_trg();
CREATE FUNCTION ec_insert(x int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ec_t VALUES (x); END $$;
SELECT ec_ctx('INSERT INTO ec_t VALUES (0)');
SELECT ec_ctx('SELECT ec_insert(0)');
SELECT ec_insert(2);
SELECT a FROM ec_t;
SELECT ec_assign(0);
SELECT ec_perform(0);
