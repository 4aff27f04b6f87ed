-- ARRAY(SELECT …) is a subquery wherever PostgreSQL refuses subqueries.
CREATE TABLE asq (a int, b int[] GENERATED ALWAYS AS (ARRAY(SELECT 1)) STORED);
CREATE TABLE asq (a int CHECK (a = ANY (ARRAY(SELECT 1))));
CREATE TABLE asq (a int[] DEFAULT ARRAY(SELECT 1));
CREATE TABLE asq (a int, b int[]);
CREATE INDEX ON asq ((cardinality(ARRAY(SELECT 1)) + a));
CREATE INDEX ON asq (a) WHERE cardinality(ARRAY(SELECT 1)) > 0;
ALTER TABLE asq ADD CHECK (cardinality(b) < cardinality(ARRAY(SELECT 1)));
CREATE PROCEDURE asq_p(x int[]) LANGUAGE sql AS 'SELECT 1';
CALL asq_p(ARRAY(SELECT 1));
PREPARE asq_s(int[]) AS SELECT $1;
EXECUTE asq_s(ARRAY(SELECT 1));
DEALLOCATE asq_s;
DROP PROCEDURE asq_p;
DROP TABLE asq;
