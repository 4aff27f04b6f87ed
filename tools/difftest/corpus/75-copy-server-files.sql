-- COPY to and from files on the server, and who may.
CREATE TABLE cpf (a int PRIMARY KEY, b text, c numeric(6,2));
INSERT INTO cpf VALUES (1, 'one', 1.5), (2, NULL, NULL), (3, 'tab	and "quote"', -2);
COPY cpf TO '/tmp/rustydb-difftest-cpf.txt';
COPY (SELECT a, b FROM cpf WHERE a > 1 ORDER BY a) TO '/tmp/rustydb-difftest-cpf.csv' WITH (FORMAT csv, HEADER);
CREATE TABLE cpf2 (a int, b text, c numeric(6,2));
COPY cpf2 FROM '/tmp/rustydb-difftest-cpf.txt';
COPY cpf2 (a, b) FROM '/tmp/rustydb-difftest-cpf.csv' WITH (FORMAT csv, HEADER);
SELECT * FROM cpf2 ORDER BY a, b;
-- A malformed file fails the COPY and leaves the table as it was.
COPY cpf2 (b, a) FROM '/tmp/rustydb-difftest-cpf.csv' WITH (FORMAT csv, HEADER);
SELECT count(*) FROM cpf2;
-- Paths and files PostgreSQL refuses.
COPY cpf TO 'relative.txt';
COPY cpf FROM '/tmp/rustydb-difftest-no-such-dir/x.txt';
COPY cpf TO '/tmp/rustydb-difftest-no-such-dir/x.txt';
COPY cpf FROM '/tmp';
COPY cpf TO '/tmp';
-- Roles without the predefined roles' privileges.
CREATE ROLE cpf_user;
GRANT ALL ON cpf, cpf2 TO cpf_user;
SET ROLE cpf_user;
COPY cpf TO '/tmp/rustydb-difftest-cpf.txt';
COPY cpf2 FROM '/tmp/rustydb-difftest-cpf.txt';
COPY cpf2 FROM PROGRAM 'cat /tmp/rustydb-difftest-cpf.txt';
RESET ROLE;
GRANT pg_write_server_files TO cpf_user;
CREATE TABLE public.cpf_pub (a int);
INSERT INTO public.cpf_pub VALUES (1), (2);
GRANT ALL ON public.cpf_pub TO cpf_user;
SET ROLE cpf_user;
COPY public.cpf_pub TO '/tmp/rustydb-difftest-cpf-pub.txt';
COPY public.cpf_pub FROM '/tmp/rustydb-difftest-cpf-pub.txt';
RESET ROLE;
COPY public.cpf_pub FROM '/tmp/rustydb-difftest-cpf-pub.txt';
SELECT a, count(*) FROM public.cpf_pub GROUP BY a ORDER BY a;
DROP TABLE public.cpf_pub;
-- PROGRAM is still a name.
CREATE TABLE program (program int);
DROP TABLE program;
DROP TABLE cpf, cpf2;
DROP ROLE cpf_user;
