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
}
