/**
 * pg_get_viewdef, pg_views and information_schema.views print a view's query as PostgreSQL 15's
 * ruleutils reprints the analysed query (view-definition.ts). Expected texts are PostgreSQL's
 * for the same statements.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
  await db.query(`CREATE SCHEMA app;
    CREATE TABLE app.orders (id int PRIMARY KEY, customer_id int, total numeric, note text);
    CREATE TABLE customers (id int PRIMARY KEY, name text, region varchar(10))`);
});

const one = async (sql: string) => (await db.query(sql)).rows[0]![0];

/** pg_get_viewdef(view) and pg_get_viewdef(view, true) of a view made of `query`. */
async function defs(query: string): Promise<[unknown, unknown]> {
  await db.query(`CREATE VIEW v AS ${query}`);
  return [await one("SELECT pg_get_viewdef('v'::regclass)"), await one("SELECT pg_get_viewdef('v', true)")];
}

describe('pg_get_viewdef', () => {
  it('expands *, qualifies columns and shows the implicit casts of constants', async () => {
    expect(await defs('SELECT * FROM app.orders WHERE total > 100')).toEqual([
      ' SELECT orders.id,\n    orders.customer_id,\n    orders.total,\n    orders.note\n   FROM app.orders\n  WHERE (orders.total > (100)::numeric);',
      ' SELECT orders.id,\n    orders.customer_id,\n    orders.total,\n    orders.note\n   FROM app.orders\n  WHERE orders.total > 100::numeric;',
    ]);
  });

  it('prints joins, output names and the parentheses of each form', async () => {
    const [plain, pretty] = await defs(
      "SELECT o.id, c.name AS cust, upper(c.name), 'x' AS x FROM app.orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = 'eu' AND (o.total > 5 OR o.note IS NULL)",
    );
    expect(plain).toBe(
      " SELECT o.id,\n    c.name AS cust,\n    upper(c.name) AS upper,\n    'x'::text AS x\n   FROM (app.orders o\n     JOIN customers c ON ((c.id = o.customer_id)))\n  WHERE (((c.region)::text = 'eu'::text) AND ((o.total > (5)::numeric) OR (o.note IS NULL)));",
    );
    expect(pretty).toBe(
      " SELECT o.id,\n    c.name AS cust,\n    upper(c.name) AS upper,\n    'x'::text AS x\n   FROM app.orders o\n     JOIN customers c ON c.id = o.customer_id\n  WHERE c.region::text = 'eu'::text AND (o.total > 5::numeric OR o.note IS NULL);",
    );
  });

  it('prints grouping, ORDER BY by position, OFFSET before LIMIT', async () => {
    const [, pretty] = await defs(
      'SELECT customer_id, count(*), sum(total) AS s FROM app.orders GROUP BY customer_id HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 10 OFFSET 2',
    );
    expect(pretty).toBe(
      ' SELECT orders.customer_id,\n    count(*) AS count,\n    sum(orders.total) AS s\n   FROM app.orders\n  GROUP BY orders.customer_id\n HAVING count(*) > 1\n  ORDER BY (count(*)) DESC\n OFFSET 2\n LIMIT 10;',
    );
  });

  it('names a relation an outer level uses again with a suffix, and indents subqueries', async () => {
    const [, pretty] = await defs(
      'SELECT id FROM app.orders WHERE total > (SELECT avg(total) FROM app.orders)',
    );
    expect(pretty).toBe(
      ' SELECT orders.id\n   FROM app.orders\n  WHERE orders.total > (( SELECT avg(orders_1.total) AS avg\n           FROM app.orders orders_1));',
    );
  });

  it('prints set operations, WITH and VALUES as ruleutils lays them out', async () => {
    expect((await defs('SELECT id FROM app.orders UNION SELECT id FROM customers EXCEPT SELECT 3'))[1]).toBe(
      '(\n         SELECT orders.id\n           FROM app.orders\n        UNION\n         SELECT customers.id\n           FROM customers\n) EXCEPT\n SELECT 3 AS id;',
    );
    await db.query('DROP VIEW v');
    expect(
      (
        await defs(
          'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r',
        )
      )[1],
    ).toBe(
      ' WITH RECURSIVE r(n) AS (\n         SELECT 1 AS "?column?"\n        UNION ALL\n         SELECT r_1.n + 1\n           FROM r r_1\n          WHERE r_1.n < 5\n        )\n SELECT r.n\n   FROM r;',
    );
    await db.query('DROP VIEW v');
    expect((await defs("VALUES (1, 'a'), (2, 'b')"))[0]).toBe(" VALUES (1,'a'::text), (2,'b'::text);");
  });

  it('prints a USING join column as its input table column, and CASE over lines', async () => {
    expect((await defs('SELECT id FROM customers JOIN app.orders USING (id)'))[1]).toBe(
      ' SELECT customers.id\n   FROM customers\n     JOIN app.orders USING (id);',
    );
    await db.query('DROP VIEW v');
    expect(
      (await defs("SELECT CASE WHEN total > 10 THEN 'big' ELSE 'small' END AS size FROM app.orders"))[1],
    ).toBe(
      " SELECT\n        CASE\n            WHEN orders.total > 10::numeric THEN 'big'::text\n            ELSE 'small'::text\n        END AS size\n   FROM app.orders;",
    );
  });

  it('qualifies a relation only where the search path does not find it', async () => {
    await db.query('CREATE VIEW w (k) AS SELECT id FROM customers');
    expect(await one("SELECT pg_get_viewdef('w', true)")).toBe(
      ' SELECT customers.id AS k\n   FROM customers;',
    );
    const s = db.connect();
    await s.query('SET search_path = app');
    expect((await s.query("SELECT pg_get_viewdef('public.w'::regclass, true)")).rows).toEqual([
      [' SELECT customers.id AS k\n   FROM public.customers;'],
    ]);
    await s.close();
  });

  it('is what pg_views and information_schema.views show', async () => {
    await db.query('CREATE VIEW w AS SELECT name FROM customers WHERE id = 1');
    const text = ' SELECT customers.name\n   FROM customers\n  WHERE (customers.id = 1);';
    expect(await one("SELECT definition FROM pg_views WHERE viewname = 'w'")).toBe(text);
    expect(await one("SELECT view_definition FROM information_schema.views WHERE table_name = 'w'")).toBe(
      text,
    );
  });

  it('prints functions in FROM with their column names, and grouping sets', async () => {
    expect((await defs('SELECT c.id, s.x FROM customers c, generate_series(1, c.id) s(x)'))[1]).toBe(
      ' SELECT c.id,\n    s.x\n   FROM customers c,\n    LATERAL generate_series(1, c.id) s(x);',
    );
    await db.query('DROP VIEW v');
    expect(
      (
        await defs(
          'SELECT region, count(*) FROM customers GROUP BY ROLLUP (region), GROUPING SETS ((region, id), ())',
        )
      )[1],
    ).toBe(
      ' SELECT customers.region,\n    count(*) AS count\n   FROM customers\n  GROUP BY ROLLUP(customers.region), GROUPING SETS ((customers.region, customers.id), ());',
    );
  });

  it('shows a query shape it does not reprint as stored', async () => {
    await db.query('CREATE VIEW w AS SELECT id FROM customers FOR UPDATE');
    expect(await one("SELECT pg_get_viewdef('w')")).toBe(' SELECT id FROM customers FOR UPDATE;');
  });
});
