package dev.portalkit.auth;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the auth tests read back from the database itself, not through the services under test. */
final class AuthDb {

    private AuthDb() {
    }

    /** One audit row: its place in commit order, action, entity and the metadata the lockout writes. */
    record Event(long seq, String action, UUID entityId, String reason, Integer failedLogins) {
    }

    /** The lockout columns of a user. */
    record Lock(int failedLogins, Instant lockedUntil, String passwordHash) {
    }

    /** A single number, such as a {@code count(*)}: the kit's {@link Queries#number} on the class's database. */
    static long number(PortalExtension kit, String sql, Object... args) {
        return Queries.number(kit.portal().dataSource(), sql, args);
    }

    static long lastSeq(PortalExtension kit) {
        return number(kit, "SELECT coalesce(max(seq), 0) FROM portal.activity_logs");
    }

    /** The audit rows about {@code userId} (or, for null, about no user) after {@code afterSeq}, in commit order. */
    static List<Event> events(PortalExtension kit, UUID userId, long afterSeq) {
        String sql = "SELECT seq, action, entity_id, metadata->>'reason', (metadata->>'failedLogins')::int"
                + " FROM portal.activity_logs WHERE entity_id " + (userId == null ? "IS NULL" : "= ?")
                + " AND seq > ? ORDER BY seq";
        List<?> args = userId == null ? List.of(afterSeq) : List.of(userId, afterSeq);
        return query(kit, sql, args, rs -> new Event(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getString(4), (Integer) rs.getObject(5)));
    }

    static Lock lock(PortalExtension kit, UUID userId) {
        return query(kit, "SELECT failed_logins, locked_until, password_hash FROM portal.users WHERE id = ?", List.of(userId),
                rs -> new Lock(rs.getInt(1), instant(rs.getObject(2, OffsetDateTime.class)), rs.getString(3))).get(0);
    }

    /** The user's stored password hash. */
    static String passwordHash(PortalExtension kit, UUID userId) {
        return lock(kit, userId).passwordHash();
    }

    /** Replaces the user's password hash behind the services' back, as an older release or another system left it. */
    static void setPasswordHash(PortalExtension kit, UUID userId, String hash) {
        update(kit, "UPDATE portal.users SET password_hash = ? WHERE id = ?", hash, userId);
    }

    /** The user's reset tokens that are neither used nor voided. */
    static long liveResetTokens(PortalExtension kit, UUID userId) {
        return number(kit, "SELECT count(*) FROM portal.password_reset_tokens WHERE user_id = ? AND used_at IS NULL", userId);
    }

    /** When the session was last seen, as stored. */
    static Instant lastSeen(PortalExtension kit, UUID sessionId) {
        return query(kit, "SELECT last_seen_at FROM portal.auth_sessions WHERE id = ?", List.of(sessionId),
                rs -> instant(rs.getObject(1, OffsetDateTime.class))).get(0);
    }

    /** Runs an INSERT, UPDATE or DELETE; how many rows it changed. */
    static int update(PortalExtension kit, String sql, Object... args) {
        try (Connection c = kit.portal().dataSource().getConnection(); PreparedStatement ps = prepare(c, sql, List.of(args))) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    static <T> List<T> query(PortalExtension kit, String sql, List<?> args, Reader<T> reader) {
        try (Connection c = kit.portal().dataSource().getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
