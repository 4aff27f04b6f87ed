-- setup
CREATE TABLE kv (k int PRIMARY KEY, v text, n int DEFAULT 0);
CREATE TABLE other (k int, extra text);
-- INSERT forms
INSERT INTO kv VALUES (1, 'one', 1);
INSERT INTO kv (k, v) VALUES (2, 'two'), (3, 'three');
INSERT INTO kv (v, k) VALUES ('four', 4);
INSERT INTO kv VALUES (5, 'five', DEFAULT);
INSERT INTO kv SELECT g, 'gen' || g, g * 10 FROM generate_series(6, 8) g;
SELECT * FROM kv ORDER BY k;
-- RETURNING
INSERT INTO kv VALUES (9, 'nine', 9) RETURNING *;
INSERT INTO kv (k, v) VALUES (10, 'ten'), (11, 'eleven') RETURNING k, upper(v) AS big, n + 1;
-- INSERT errors
INSERT INTO kv VALUES (1, 'dup', 0);
INSERT INTO kv (k) VALUES (NULL);
INSERT INTO kv (k, nope) VALUES (12, 'x');
INSERT INTO kv VALUES (12, 'x', 1, 2);
INSERT INTO kv (k, n) VALUES (12, 'not a number');
-- ON CONFLICT DO NOTHING
INSERT INTO kv VALUES (1, 'again', 0) ON CONFLICT DO NOTHING;
INSERT INTO kv VALUES (1, 'again', 0), (12, 'twelve', 12) ON CONFLICT (k) DO NOTHING RETURNING k;
-- ON CONFLICT DO UPDATE with EXCLUDED and WHERE
INSERT INTO kv VALUES (1, 'uno', 100) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, n = kv.n + EXCLUDED.n RETURNING *;
INSERT INTO kv VALUES (2, 'dos', 5) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE kv.n > 1000 RETURNING *;
INSERT INTO kv VALUES (2, 'dos', 5), (13, 'new', 13) ON CONFLICT (k) DO UPDATE SET n = -1 RETURNING k, v, n;
INSERT INTO kv VALUES (3, 'x', 1) ON CONFLICT ON CONSTRAINT kv_pkey DO UPDATE SET v = 'by constraint' RETURNING v;
-- ON CONFLICT affecting the same row twice is an error
INSERT INTO kv VALUES (20, 'a', 1), (20, 'b', 2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
SELECT * FROM kv ORDER BY k;
-- UPDATE
UPDATE kv SET n = n + 1 WHERE k <= 3;
UPDATE kv SET v = upper(v), n = DEFAULT WHERE k = 4 RETURNING *;
UPDATE kv SET n = n * 2 WHERE k > 100;
UPDATE kv SET (v, n) = ('pair', 7) WHERE k = 5 RETURNING k, v, n;
-- UPDATE ... FROM
INSERT INTO other VALUES (6, 'six'), (7, 'seven'), (99, 'none');
UPDATE kv SET v = other.extra FROM other WHERE other.k = kv.k RETURNING kv.k, kv.v, other.extra;
UPDATE kv AS t SET n = o.k * 100 FROM other o WHERE o.k = t.k AND o.extra LIKE 's%';
SELECT k, v, n FROM kv WHERE k IN (6, 7, 8) ORDER BY k;
-- UPDATE errors
UPDATE kv SET k = 2 WHERE k = 1;
UPDATE kv SET v = NULL, k = NULL WHERE k = 1;
UPDATE kv SET nope = 1;
-- DELETE and DELETE ... USING
DELETE FROM kv WHERE k = 13 RETURNING *;
DELETE FROM kv USING other WHERE kv.k = other.k AND other.extra = 'six' RETURNING kv.k, other.extra;
DELETE FROM kv WHERE k > 1000;
DELETE FROM kv WHERE v LIKE 'gen%';
SELECT k FROM kv ORDER BY k;
-- DELETE everything, then counts
DELETE FROM other;
SELECT count(*) FROM other;
-- INSERT ... SELECT from the same table
INSERT INTO other SELECT k, v FROM kv WHERE k < 4;
INSERT INTO other SELECT k + 100, extra FROM other;
SELECT * FROM other ORDER BY k;
-- RETURNING with expressions over the deleted rows
DELETE FROM other WHERE k > 100 RETURNING k - 100 AS orig, extra IS NULL;
