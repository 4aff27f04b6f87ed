// The PostgreSQL JDBC driver (Debian libpostgresql-jdbc-java) against RustyDB: TLS verify-full + SCRAM,
// a schema, CRUD with parameters, transactions, server-prepared statements, an error's SQLSTATE and
// DatabaseMetaData introspection (getColumns, getTables, getPrimaryKeys, getIndexInfo). Run as a single-file program:
//   java -cp /usr/share/java/postgresql.jar JdbcClient.java PORT PASSWORD CA_PATH
// Prints one line per check ("key=value"); the test (clients.test.ts) asserts on them.
import java.sql.*;
import java.util.*;

public class JdbcClient {
  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://localhost:" + args[0] + "/rustydb?sslmode=verify-full&sslrootcert=" + args[2]
        + "&prepareThreshold=1&connectTimeout=10";
    Properties props = new Properties();
    props.setProperty("user", "rustydb");
    props.setProperty("password", args[1]);
    try (Connection c = DriverManager.getConnection(url, props)) {
      DatabaseMetaData md = c.getMetaData();
      System.out.println("product=" + md.getDatabaseProductName() + " " + md.getDatabaseMajorVersion());
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA c_jdbc");
        s.execute("CREATE TABLE c_jdbc.items (id serial PRIMARY KEY, name text NOT NULL, qty int, price numeric(10,2))");
        s.execute("CREATE INDEX items_name_qty ON c_jdbc.items (name, qty)");
      }
      List<Integer> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO c_jdbc.items (name, qty, price) VALUES (?, ?, ?) RETURNING id")) {
        String[] names = {"apple", "pear", "plum"};
        int[] qtys = {3, 5, 7};
        String[] prices = {"1.25", "2.50", "0.75"};
        for (int i = 0; i < 3; i++) {
          ps.setString(1, names[i]);
          ps.setInt(2, qtys[i]);
          ps.setBigDecimal(3, new java.math.BigDecimal(prices[i]));
          try (ResultSet rs = ps.executeQuery()) { rs.next(); ids.add(rs.getInt(1)); }
        }
      }
      System.out.println("ids=" + ids);
      try (PreparedStatement ps = c.prepareStatement("UPDATE c_jdbc.items SET qty = qty + ? WHERE name = ?")) {
        ps.setInt(1, 10);
        ps.setString(2, "pear");
        System.out.println("updated=" + ps.executeUpdate());
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM c_jdbc.items WHERE qty < ?")) {
        ps.setInt(1, 4);
        System.out.println("deleted=" + ps.executeUpdate());
      }
      // The same statement executed repeatedly: a named server-side statement after prepareThreshold.
      try (PreparedStatement ps = c.prepareStatement("SELECT name, qty, price FROM c_jdbc.items WHERE id = ?")) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
          ps.setInt(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) sb.append(rs.getString(1)).append(':').append(rs.getInt(2)).append(':').append(rs.getBigDecimal(3)).append(' ');
          }
        }
        System.out.println("rows=" + sb.toString().trim());
      }
      // Arrays both ways; after prepareThreshold pgjdbc asks for int4[] / text[] results in binary.
      try (PreparedStatement ps = c.prepareStatement("SELECT ?::int4[], ARRAY['a', NULL, 'b c']::text[], '[0:1]={5,6}'::int8[], '2 1'::int2vector")) {
        String got = "";
        for (int i = 0; i < 3; i++) {
          ps.setArray(1, c.createArrayOf("int4", new Integer[] {1, null, 3 + i}));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            got = Arrays.toString((Object[]) rs.getArray(1).getArray()) + "|"
                + Arrays.toString((Object[]) rs.getArray(2).getArray()) + "|" + rs.getString(3)
                // A type pgjdbc does not know: it asks pg_type with `typinput = 'array_in'::regproc`.
                + "|" + rs.getObject(4).getClass().getSimpleName() + ":" + rs.getString(4);
          }
        }
        System.out.println("arrays=" + got);
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO c_jdbc.items (name, qty) VALUES ('ghost', 1)");
        c.rollback();
        s.executeUpdate("INSERT INTO c_jdbc.items (name, qty) VALUES ('kiwi', 2)");
        c.commit();
        try (ResultSet rs = s.executeQuery("SELECT string_agg(name, ',' ORDER BY name) FROM c_jdbc.items")) {
          rs.next();
          System.out.println("after_tx=" + rs.getString(1));
        }
        c.commit();
        try {
          s.executeUpdate("INSERT INTO c_jdbc.items (id, name) VALUES (" + ids.get(1) + ", 'dup')");
          System.out.println("error=none");
        } catch (SQLException e) {
          System.out.println("error=" + e.getSQLState());
        }
        try {
          s.executeQuery("SELECT 1");
        } catch (SQLException e) {
          System.out.println("aborted=" + e.getSQLState());
        }
        c.rollback();
      }
      c.setAutoCommit(true);
      StringBuilder cols = new StringBuilder();
      try (ResultSet rs = md.getColumns(null, "c_jdbc", "items", null)) {
        while (rs.next()) cols.append(rs.getString("COLUMN_NAME")).append(':').append(rs.getString("TYPE_NAME")).append(' ');
      }
      System.out.println("columns=" + cols.toString().trim());
      StringBuilder tables = new StringBuilder();
      try (ResultSet rs = md.getTables(null, "c_jdbc", "%", new String[] {"TABLE"})) {
        while (rs.next()) tables.append(rs.getString("TABLE_NAME")).append(' ');
      }
      System.out.println("tables=" + tables.toString().trim());
      // getPrimaryKeys and getIndexInfo walk pg_index.indkey with information_schema._pg_expandarray.
      StringBuilder pk = new StringBuilder();
      try (ResultSet rs = md.getPrimaryKeys(null, "c_jdbc", "items")) {
        while (rs.next()) pk.append(rs.getString("COLUMN_NAME")).append(' ');
      }
      System.out.println("pk=" + pk.toString().trim());
      StringBuilder idx = new StringBuilder();
      try (ResultSet rs = md.getIndexInfo(null, "c_jdbc", "items", false, false)) {
        while (rs.next()) {
          idx.append(rs.getString("INDEX_NAME")).append(':').append(rs.getShort("ORDINAL_POSITION")).append(':')
              .append(rs.getString("COLUMN_NAME")).append(':').append(rs.getBoolean("NON_UNIQUE") ? "non_unique" : "unique")
              .append(':').append(rs.getString("ASC_OR_DESC")).append(' ');
        }
      }
      System.out.println("indexes=" + idx.toString().trim());
      // A data-modifying WITH with a parameter, fetched one row at a time (Execute with a row
      // limit): the DELETE runs to completion on the first fetch even though one row is read.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "WITH moved AS (DELETE FROM c_jdbc.items WHERE qty > ? RETURNING name) SELECT name FROM moved ORDER BY name")) {
        ps.setFetchSize(1);
        ps.setInt(1, 5);
        String first;
        try (ResultSet rs = ps.executeQuery()) { rs.next(); first = rs.getString(1); }
        c.commit();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM c_jdbc.items")) {
          rs.next();
          System.out.println("dml_with=" + first + ":" + rs.getInt(1));
        }
        c.commit();
      }
    }
  }
}
