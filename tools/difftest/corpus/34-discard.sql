-- setup: session state DISCARD resets
CREATE SEQUENCE dseq;
SET work_mem = '1MB';
SET application_name = 'before discard';
PREPARE dp AS SELECT 1;
LISTEN dchan;
SELECT pg_listening_channels();
CREATE TEMP TABLE dtemp (a int);
INSERT INTO dtemp VALUES (1);
SELECT nextval('dseq');
SELECT currval('dseq'), lastval();
-- DISCARD ALL: not in a transaction block
BEGIN;
DISCARD ALL;
ROLLBACK;
DISCARD ALL;
SHOW work_mem;
SHOW application_name;
EXECUTE dp;
SELECT * FROM dtemp;
SELECT currval('dseq');
SELECT lastval();
SELECT pg_listening_channels();
-- the other forms, also inside a block
CREATE TEMP TABLE dtemp2 (a int);
BEGIN;
DISCARD TEMP;
SELECT * FROM dtemp2;
ROLLBACK;
SELECT count(*) FROM dtemp2;
DISCARD TEMPORARY;
SELECT * FROM dtemp2;
SELECT nextval('dseq');
DISCARD SEQUENCES;
SELECT currval('dseq');
DISCARD PLANS;
DISCARD foo;
SELECT 1 AS discard;
