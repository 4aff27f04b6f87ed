-- setup: writes whose source is the table they write, over several batches (the Halloween problem)
CREATE TABLE hw (id int PRIMARY KEY, v int);
INSERT INTO hw SELECT g, g % 10 FROM generate_series(1, 1500) g;
CREATE INDEX hw_v ON hw (v);
ANALYZE hw;
INSERT INTO hw SELECT id + 1500, v FROM hw;
SELECT count(*), sum(id), max(id) FROM hw;
UPDATE hw SET id = id + 10000 WHERE id > 1000;
SELECT count(*), sum(id), min(id), max(id) FROM hw;
UPDATE hw SET v = v + 1 WHERE v >= 5;
SELECT v, count(*) FROM hw GROUP BY v ORDER BY v;
UPDATE hw SET v = v + 100 WHERE v BETWEEN 0 AND 200;
SELECT min(v), max(v), count(*) FROM hw;
DELETE FROM hw WHERE id IN (SELECT id + 1 FROM hw WHERE id % 2 = 0);
SELECT count(*), sum(id) FROM hw;
INSERT INTO hw SELECT id + 100000, v FROM hw WHERE v > 105 RETURNING (id > 100000);
SELECT count(*) FROM hw WHERE id > 100000;
UPDATE hw h SET v = o.v FROM hw o WHERE o.id = h.id + 1 AND h.id < 500;
SELECT count(*), sum(v) FROM hw WHERE id < 500;
