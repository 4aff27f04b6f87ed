-- setup
CREATE TABLE w (id int, grp text, v int);
INSERT INTO w VALUES (1, 'a', 10), (2, 'a', 20), (3, 'a', 20), (4, 'b', 5), (5, 'b', NULL), (6, 'b', 15), (7, 'c', 7);
-- ranking functions
SELECT id, row_number() OVER (ORDER BY id) FROM w ORDER BY id;
SELECT id, grp, row_number() OVER (PARTITION BY grp ORDER BY id) FROM w ORDER BY id;
SELECT id, v, rank() OVER (ORDER BY v), dense_rank() OVER (ORDER BY v) FROM w ORDER BY id;
SELECT id, v, percent_rank() OVER (ORDER BY v), cume_dist() OVER (ORDER BY v) FROM w ORDER BY id;
SELECT id, ntile(3) OVER (ORDER BY id) FROM w ORDER BY id;
SELECT id, grp, ntile(2) OVER (PARTITION BY grp ORDER BY id) FROM w ORDER BY id;
SELECT id, v, rank() OVER (ORDER BY v DESC NULLS LAST) FROM w ORDER BY id;
-- offset functions
SELECT id, lag(v) OVER (ORDER BY id), lead(v) OVER (ORDER BY id) FROM w ORDER BY id;
SELECT id, lag(v, 2) OVER (ORDER BY id), lead(v, 2, -1) OVER (ORDER BY id) FROM w ORDER BY id;
SELECT id, grp, lag(id) OVER (PARTITION BY grp ORDER BY id) FROM w ORDER BY id;
-- value functions
SELECT id, first_value(v) OVER (PARTITION BY grp ORDER BY id), last_value(v) OVER (PARTITION BY grp ORDER BY id) FROM w ORDER BY id;
SELECT id, last_value(v) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM w ORDER BY id;
SELECT id, nth_value(v, 2) OVER (ORDER BY id) FROM w ORDER BY id;
SELECT id, nth_value(v, 2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM w ORDER BY id;
-- aggregates as window functions
SELECT id, sum(v) OVER () FROM w ORDER BY id;
SELECT id, sum(v) OVER (PARTITION BY grp) FROM w ORDER BY id;
SELECT id, sum(v) OVER (ORDER BY id) FROM w ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY v) FROM w ORDER BY id;
SELECT id, count(*) OVER (PARTITION BY grp), count(v) OVER (PARTITION BY grp) FROM w ORDER BY id;
SELECT id, avg(v) OVER (PARTITION BY grp ORDER BY id) FROM w ORDER BY id;
SELECT id, min(v) OVER (ORDER BY id), max(v) OVER (ORDER BY id DESC) FROM w ORDER BY id;
-- frames: ROWS
SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id;
SELECT id, sum(v) OVER (ORDER BY id ROWS 2 PRECEDING) FROM w ORDER BY id;
SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w ORDER BY id;
SELECT id, count(*) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING) FROM w ORDER BY id;
-- frames: RANGE
SELECT id, v, sum(v) OVER (ORDER BY v RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM w ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY v RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM w ORDER BY id;
SELECT id, v, count(*) OVER (ORDER BY v RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM w ORDER BY id;
-- frames: GROUPS and EXCLUDE
SELECT id, v, sum(v) OVER (ORDER BY v GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w ORDER BY id;
SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM w ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY v RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM w ORDER BY id;
SELECT id, v, sum(v) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) FROM w ORDER BY id;
-- named windows
SELECT id, sum(v) OVER win, row_number() OVER win FROM w WINDOW win AS (PARTITION BY grp ORDER BY id) ORDER BY id;
SELECT id, sum(v) OVER (win ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w WINDOW win AS (ORDER BY id) ORDER BY id;
-- window over grouped rows
SELECT grp, sum(v), rank() OVER (ORDER BY sum(v) DESC NULLS LAST) FROM w GROUP BY grp ORDER BY grp;
SELECT grp, count(*), sum(count(*)) OVER () FROM w GROUP BY grp ORDER BY grp;
-- window in subquery, filtered outside
SELECT * FROM (SELECT id, grp, row_number() OVER (PARTITION BY grp ORDER BY v DESC NULLS LAST) AS rn FROM w) s WHERE rn = 1 ORDER BY grp;
-- ORDER BY a window result
SELECT id, row_number() OVER (ORDER BY id DESC) AS rn FROM w ORDER BY rn;
-- errors: window function in WHERE, nested windows
SELECT id FROM w WHERE row_number() OVER () > 1;
SELECT sum(row_number() OVER ()) FROM w;
SELECT ntile(0) OVER (ORDER BY id) FROM w;
