-- setup
CREATE TABLE big_l (a int, b int);
CREATE TABLE big_r (x int);
INSERT INTO big_l SELECT g, g % 17 FROM generate_series(1, 600) g;
INSERT INTO big_r SELECT g FROM generate_series(1, 300, 2) g;
-- semi and anti joins whose output spans several left batches (256 rows each)
SELECT a FROM big_l WHERE EXISTS (SELECT 1 FROM big_r WHERE big_r.x = big_l.b) ORDER BY a;
SELECT count(*), sum(a), min(a), max(a) FROM big_l WHERE EXISTS (SELECT 1 FROM big_r WHERE big_r.x = big_l.b);
SELECT a, b FROM big_l WHERE NOT EXISTS (SELECT 1 FROM big_r WHERE big_r.x = big_l.a) ORDER BY a;
SELECT a FROM big_l WHERE b IN (SELECT x FROM big_r) ORDER BY a DESC LIMIT 20;
SELECT sum(a) FROM big_l WHERE a NOT IN (SELECT x FROM big_r WHERE x IS NOT NULL);
