package dev.portalkit.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Plain SQL for tests that look at the database behind a Portal's back. */
public final class Queries {

    private Queries() {
    }

    /** The first column of every row of {@code sql}, as text ({@code ?} placeholders bound to {@code args}). */
    public static List<String> column(DataSource db, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A single number, such as a {@code count(*)}. */
    public static long number(DataSource db, String sql, Object... args) {
        List<String> rows = column(db, sql, args);
        if (rows.size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows.size() + " rows, not one");
        }
        return Long.parseLong(rows.get(0));
    }

    /**
     * The tables of {@code schema}, by name, sorted: a partitioned table once, under its own name (its
     * partitions, such as {@code activity_logs}' months, are its storage, not tables of their own); views
     * left out. What a test counts or fingerprints to prove that a call changed nothing.
     */
    public static List<String> tables(DataSource db, String schema) {
        return column(db, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = CAST(? AS regnamespace)"
                + " AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1", schema);
    }

    /**
     * Every value of every text-like column (text, varchar, char, json, jsonb, arrays, inet; bytea as
     * hex) of every table in {@code schema}, one line {@code table.column=value} each: what a test
     * scans to prove that no secret was stored anywhere. A partition's rows appear once, under its parent's name.
     */
    public static String everyText(DataSource db, String schema) {
        StringBuilder out = new StringBuilder();
        List<String> columns = column(db, """
                SELECT c.table_name || '.' || c.column_name || '.' || c.data_type
                  FROM information_schema.columns c
                  JOIN information_schema.tables t USING (table_schema, table_name)
                 WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'
                   AND NOT (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass::oid
                           IN (SELECT oid FROM pg_class WHERE relispartition)
                   AND c.data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb', 'ARRAY', 'inet')
                 ORDER BY 1""", schema);
        for (String c : columns) {
            String[] p = c.split("\\.", 3);
            String column = "\"" + p[1] + "\"";
            String value = p[2].equals("bytea") ? "encode(" + column + ", 'hex')" : column + "::text";
            for (String v : column(db, "SELECT " + value + " FROM \"" + schema + "\".\"" + p[0] + "\"")) {
                out.append(p[0]).append('.').append(p[1]).append('=').append(v).append('\n');
            }
        }
        return out.toString();
    }
}
