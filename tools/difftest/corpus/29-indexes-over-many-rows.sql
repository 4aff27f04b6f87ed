-- setup: a table of several thousand rows with single, composite, descending, partial and unique indexes,
-- large enough for multi-level B+trees and page splits
CREATE TABLE ix (id int PRIMARY KEY, a int NOT NULL, b text, c numeric(10,2), d date);
INSERT INTO ix SELECT g, (g * 37) % 1000, 'v' || lpad(((g * 13) % 5000)::text, 5, '0'), (g % 997) / 7.0, DATE '2020-01-01' + (g % 1500) FROM generate_series(1, 6000) g;
CREATE INDEX ix_a ON ix (a);
CREATE INDEX ix_b_desc ON ix (b DESC);
CREATE INDEX ix_a_d ON ix (a, d);
CREATE UNIQUE INDEX ix_b_id ON ix (b, id);
CREATE INDEX ix_c_part ON ix (c) WHERE c > 100;
ANALYZE ix;
-- range scans, ordered scans with LIMIT, index-only shapes
SELECT count(*), sum(id) FROM ix WHERE a BETWEEN 100 AND 199;
SELECT id, a FROM ix WHERE a = 500 ORDER BY id;
SELECT b FROM ix WHERE b > 'v04990' ORDER BY b LIMIT 12;
SELECT b FROM ix ORDER BY b DESC LIMIT 5 OFFSET 2000;
SELECT a, d FROM ix WHERE a = 7 AND d >= DATE '2021-01-01' ORDER BY a, d;
SELECT count(*), min(c), max(c) FROM ix WHERE c > 130;
SELECT id FROM ix WHERE id > 5990 ORDER BY id DESC;
SELECT id FROM ix WHERE id IN (1, 17, 4000, 5999, 6001, 3) ORDER BY id;
SELECT count(*) FROM ix WHERE a < 10 OR a > 990;
SELECT min(id), max(id), min(b), max(b) FROM ix;
SELECT a, count(*) FROM ix WHERE a >= 995 GROUP BY a ORDER BY a;
-- updates that move index keys, deletes, re-inserts
UPDATE ix SET a = a + 1000 WHERE id % 3 = 0;
SELECT count(*), sum(id) FROM ix WHERE a >= 1000;
SELECT count(*) FROM ix WHERE a BETWEEN 100 AND 199;
UPDATE ix SET b = b || 'x' WHERE id BETWEEN 2000 AND 2600;
SELECT count(*) FROM ix WHERE b LIKE '%x';
SELECT b FROM ix WHERE b > 'v0499' ORDER BY b LIMIT 6;
DELETE FROM ix WHERE id % 5 = 0;
SELECT count(*), sum(a) FROM ix;
SELECT count(*) FROM ix WHERE a = 500 OR a = 1500;
INSERT INTO ix SELECT g, g % 1000, 'w' || g, g / 100.0, DATE '2022-01-01' FROM generate_series(6001, 7500) g;
SELECT count(*), max(id) FROM ix WHERE b >= 'w';
INSERT INTO ix VALUES (6001, 1, 'dup', 1, NULL);
INSERT INTO ix VALUES (9000, 1, 'w6001', 1, NULL);
INSERT INTO ix VALUES (9001, 1, 'w6001', 1, NULL);
SELECT count(*) FROM ix WHERE b = 'w6001';
-- after VACUUM the indexes still find every row
VACUUM ix;
SELECT count(*), sum(id) FROM ix WHERE a BETWEEN 0 AND 2000;
SELECT count(*), sum(id) FROM ix;
SELECT id FROM ix WHERE id BETWEEN 2995 AND 3010 ORDER BY id;
