-- pg_sleep, pg_sleep_for, pg_sleep_until: void results, strictness, delays that are not positive, statement_timeout
SELECT pg_sleep(0);
SELECT pg_sleep(0.01) IS NULL, pg_sleep(NULL) IS NULL, pg_typeof(pg_sleep(0));
SELECT pg_sleep(-1), pg_sleep('NaN'), pg_sleep_for(interval '10 milliseconds'), pg_sleep_until(now() - interval '1 day');
SELECT pg_sleep_for(NULL) IS NULL, pg_sleep_until(NULL) IS NULL;
SELECT i, pg_sleep(0.001), pg_sleep(0.001) FROM generate_series(1, 3) i;
SELECT pg_sleep('x');
SELECT pg_sleep(1, 2);
SELECT proname, pg_get_function_arguments(oid), provolatile, proisstrict, prorettype::regtype FROM pg_proc WHERE proname LIKE 'pg\_sleep%' ORDER BY 1;
SET statement_timeout = 50;
SELECT pg_sleep(5);
RESET statement_timeout;
SELECT 'after';
