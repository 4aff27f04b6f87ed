"""psycopg2 (Debian python3-psycopg2) against RustyDB: TLS verify-full + SCRAM, a schema, CRUD with
parameters, transactions, a prepared statement, an error's SQLSTATE, cursor introspection and named
(server-side) cursors: DECLARE / FETCH FORWARD n / CLOSE, WITH HOLD in autocommit.
Prints one JSON object on stdout; the test (clients.test.ts) asserts on it.
Usage: python3 psycopg2_client.py PORT PASSWORD CA_PATH"""
import json
import sys

import psycopg2
import psycopg2.errors

port, password, ca = sys.argv[1], sys.argv[2], sys.argv[3]
out = {}
conn = psycopg2.connect(
    host="localhost", hostaddr="127.0.0.1", port=port, user="rustydb", dbname="rustydb",
    password=password, sslmode="verify-full", sslrootcert=ca, connect_timeout=10,
)
out["ssl"] = conn.info.ssl_in_use
out["server_version"] = conn.server_version
cur = conn.cursor()
cur.execute("CREATE SCHEMA c_psycopg2")
cur.execute(
    "CREATE TABLE c_psycopg2.items (id serial PRIMARY KEY, name text NOT NULL, qty int, price numeric(10,2))"
)
conn.commit()

ids = []
for name, qty, price in [("apple", 3, "1.25"), ("pear", 5, "2.50"), ("plum", 7, "0.75")]:
    cur.execute(
        "INSERT INTO c_psycopg2.items (name, qty, price) VALUES (%s, %s, %s) RETURNING id", (name, qty, price)
    )
    ids.append(cur.fetchone()[0])
conn.commit()
out["ids"] = ids
cur.execute("UPDATE c_psycopg2.items SET qty = qty + %s WHERE name = %s", (10, "pear"))
out["updated"] = cur.rowcount
cur.execute("DELETE FROM c_psycopg2.items WHERE qty < %s", (4,))
out["deleted"] = cur.rowcount
conn.commit()
cur.execute("SELECT name, qty, price FROM c_psycopg2.items ORDER BY id")
out["rows"] = [[n, q, str(p)] for n, q, p in cur.fetchall()]

# Transactions: a rolled-back insert is gone, a committed one stays.
cur.execute("INSERT INTO c_psycopg2.items (name, qty) VALUES ('ghost', 1)")
conn.rollback()
cur.execute("INSERT INTO c_psycopg2.items (name, qty) VALUES ('kiwi', 2)")
conn.commit()
cur.execute("SELECT array_agg(name ORDER BY name) FROM c_psycopg2.items")
out["after_tx"] = cur.fetchone()[0]

# A server-side prepared statement (psycopg2 has none of its own: PREPARE / EXECUTE).
cur.execute("PREPARE by_name (text) AS SELECT qty FROM c_psycopg2.items WHERE name = $1")
cur.execute("EXECUTE by_name (%s)", ("kiwi",))
out["prepared"] = cur.fetchone()[0]
conn.commit()

# An error surfaces with its SQLSTATE; the transaction is then aborted (25P02) until rollback.
try:
    cur.execute("INSERT INTO c_psycopg2.items (id, name) VALUES (%s, 'dup')", (ids[1],))
    out["error"] = None
except psycopg2.Error as e:
    out["error"] = [e.pgcode, type(e).__name__]
try:
    cur.execute("SELECT 1")
except psycopg2.Error as e:
    out["aborted"] = e.pgcode
conn.rollback()

# Introspection: the result description's type OIDs and names.
cur.execute("SELECT id, name, qty, price FROM c_psycopg2.items LIMIT 0")
out["description"] = [[d.name, d.type_code] for d in cur.description]
cur.close()

# Named (server-side) cursors: psycopg2 sends DECLARE "name" CURSOR WITHOUT HOLD FOR …, then
# FETCH FORWARD itersize FROM "name" while iterating, and CLOSE "name".
named = conn.cursor(name="big_read")
named.itersize = 100
named.execute("SELECT g, g * 2 FROM generate_series(1, 1000) g WHERE g > %s", (10,))
seen = [row[0] for row in named]
out["named"] = [len(seen), seen[0], seen[-1]]
named.close()
scroll = conn.cursor(name="scroller", scrollable=True)
scroll.execute("SELECT g FROM generate_series(1, 50) g")
scroll.fetchmany(10)
scroll.scroll(-5)
out["scrolled"] = scroll.fetchone()[0]
scroll.close()
conn.commit()
# Django's QuerySet.iterator() in autocommit: WITH HOLD, read after the DECLARE's commit.
conn.autocommit = True
held = conn.cursor(name="held", withhold=True)
held.itersize = 7
held.execute("SELECT g FROM generate_series(1, 30) g")
out["held"] = sum(row[0] for row in held)
held.close()
conn.close()
print(json.dumps(out))
