-- After checks.sql: the restored defaults, identity columns, sequences and constraints at work.
INSERT INTO people (name) VALUES ('new') RETURNING id;
INSERT INTO orders (person_id, amount) VALUES (1, 1) RETURNING id, ticket;
INSERT INTO app."Odd Names" (flag) VALUES (true) RETURNING "Key";
INSERT INTO people (name, n) VALUES ('bad', 0);
INSERT INTO orders (person_id, amount) VALUES (1, -1);
INSERT INTO orders (person_id, token) VALUES (2, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
INSERT INTO child VALUES (0, 1);
UPDATE s2.parent SET k = 10 WHERE k = 2;
SELECT * FROM child ORDER BY id;
SELECT nextval('s2.cyc'), nextval('s2.cyc');
INSERT INTO people (name) VALUES ('  spaced  ') RETURNING name;
