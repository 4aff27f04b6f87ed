-- setup
CREATE TABLE m (g text, x int, y numeric, f float8, b bool, s text);
INSERT INTO m VALUES ('a', 1, 1.5, 0.5, true, 'p'), ('a', 2, 2.5, 1.5, true, 'q'), ('a', NULL, NULL, NULL, NULL, NULL), ('b', 10, 10.25, -2, false, 'r'), ('b', 20, 0, 4, true, 's'), ('c', 5, 5, 5, false, 't');
-- count, sum, avg, min, max
SELECT count(*), count(x), count(DISTINCT g), sum(x), avg(x), min(x), max(x) FROM m;
SELECT sum(y), avg(y), min(y), max(y), sum(f), avg(f), min(s), max(s) FROM m;
SELECT g, count(*), count(x), sum(x), avg(x), min(y), max(f) FROM m GROUP BY g ORDER BY g;
SELECT sum(x), sum(x::int8), avg(x), sum(f), avg(f), count(*), sum(x::int2) FROM m;
SELECT sum(x), avg(x), max(x), count(x) FROM m WHERE FALSE;
SELECT avg(x::int8), avg(x::int2), sum(y) / count(y), avg(1.0 * x) FROM m;
-- bool_and, bool_or, every
SELECT bool_and(b), bool_or(b), every(b) FROM m;
SELECT g, bool_and(b), bool_or(b) FROM m GROUP BY g ORDER BY g;
SELECT bool_and(b), bool_or(b) FROM m WHERE FALSE;
-- string_agg and array_agg
SELECT string_agg(s, ',' ORDER BY s), string_agg(s, '' ORDER BY s DESC), string_agg(DISTINCT g, '|' ORDER BY g) FROM m;
SELECT g, string_agg(s, '-' ORDER BY x DESC NULLS LAST) FROM m GROUP BY g ORDER BY g;
SELECT array_agg(x ORDER BY x NULLS FIRST), array_agg(DISTINCT g ORDER BY g), array_agg(s ORDER BY s) FILTER (WHERE x > 1) FROM m;
SELECT g, array_agg(y ORDER BY y) FROM m GROUP BY g ORDER BY g;
SELECT string_agg(s, ',') IS NULL, array_agg(x) IS NULL FROM m WHERE FALSE;
-- stddev and variance families
SELECT stddev(x), stddev_samp(x), stddev_pop(x), variance(x), var_samp(x), var_pop(x) FROM m;
SELECT stddev(f), variance(f), stddev_pop(f), var_pop(f), stddev(f), stddev(x) FROM m;
SELECT stddev(y), variance(y) FROM m;
SELECT g, stddev(x), variance(x) FROM m GROUP BY g ORDER BY g;
-- percentile_cont, percentile_disc, mode
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_cont(0.25) WITHIN GROUP (ORDER BY x), percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY f), percentile_cont(0.9) WITHIN GROUP (ORDER BY y), percentile_disc(0.9) WITHIN GROUP (ORDER BY s) FROM m;
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM m GROUP BY g ORDER BY g;
SELECT mode() WITHIN GROUP (ORDER BY g), percentile_cont(0) WITHIN GROUP (ORDER BY x DESC) FROM m;
SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM m;
-- aggregates over expressions and with FILTER
SELECT sum(x * 2) FILTER (WHERE b), count(*) FILTER (WHERE s > 'q'), max(length(s)) FROM m;
SELECT sum(CASE WHEN b THEN 1 ELSE 0 END), avg(coalesce(x, 0)), count(nullif(x, 1)) FROM m;
-- json/array aggregates
SELECT json_agg(x ORDER BY x), jsonb_agg(s ORDER BY s DESC) FILTER (WHERE s IS NOT NULL) FROM m;
SELECT json_object_agg(s, x ORDER BY s) FROM m WHERE s IS NOT NULL;
-- overflow in aggregates
SELECT sum(v) FROM (VALUES (9223372036854775807::int8), (1::int8)) t(v);
SELECT sum(v) FROM (VALUES (2147483647), (1)) t(v);
-- aggregate errors
SELECT avg('a');
SELECT string_agg(x, ',') FROM m;
SELECT count(*, x) FROM m;
