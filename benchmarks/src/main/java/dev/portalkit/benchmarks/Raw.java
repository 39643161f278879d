package dev.portalkit.benchmarks;

import dev.portalkit.billing.booking.NewBooking;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.util.PGobject;

/**
 * The raw-JDBC baseline: the same statements PortalKit sends, same text, same order (captured on the wire by
 * {@link WireCounter}), over the same pool, written the way a careful hand-written DAO would:
 * a single-statement read in autocommit (no BEGIN/COMMIT), a multi-statement write in one
 * transaction with exactly PortalKit's statements (including the actor look-up and the audit row).
 * Rows are read column by column into Object[] (no record mapping, no JSON parsing).
 */
final class Raw {


    /** PortalKit's statements, as {@code raw-sql.xml} holds them (read once, {NAME} references resolved). */
    enum Stmt {
        USER_COLS, SESSION_BY_TOKEN, USER_BY_ID_LIVE, USER_BY_EMAIL, BOOKING_COLS, PREPARE_SLOT, INSERT_BOOKING, BOOKING_REMINDERS,
        /** 13 parameters: occurred_at, actor (x3), action, entity type, entity id, before, after, metadata, ip, user agent, request id. */
        AUDIT_FROM_CHANGED,
        BOOKINGS_PAGE, PAYMENT_COLS, INSERT_PAYMENT,
        /** A caller's key is claimed first, in the same statement, as PortalKit does (6 parameters). */
        CLAIM_KEY,
        SETTLE_PAYMENT, TEMPLATE, QUEUE_EMAIL, SETTING, NAV, ACTIVITY_PAGE;

        final String text = Texts.resolved(name());
    }

    /** Holds the loaded file: an enum's constructor cannot read the enum's own static fields. */
    private static final class Texts {
        private static final Properties FILE = load();
        private static final Pattern REFERENCE = Pattern.compile("\\{([A-Z_]+)}");

        static String resolved(String name) {
            String text = FILE.getProperty(name);
            if (text == null) {
                throw new IllegalStateException("raw-sql.xml has no entry " + name);
            }
            return REFERENCE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(resolved(m.group(1))));
        }

        private static Properties load() {
            Properties file = new Properties();
            try (InputStream in = Raw.class.getResourceAsStream("raw-sql.xml")) {
                if (in == null) {
                    throw new IllegalStateException("raw-sql.xml is missing beside " + Raw.class.getName());
                }
                file.loadFromXML(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }
    }

    /** A transaction's last statement as PortalKit sends it: the change, its audit row and COMMIT in one round trip. */
    static String audited(String change, String columns) {
        return audited("", change, columns);
    }

    /** The same, with CTEs that run before the change ({@code before} ends with ", "). */
    static String audited(String before, String change, String columns) {
        return "WITH " + before + "changed AS ( " + change + " ), audited AS ( " + Stmt.AUDIT_FROM_CHANGED.text + " ) SELECT " + columns
                + " FROM changed; COMMIT";
    }


    /** The same, with CTEs that read the change before the audit row ({@code after} ends with ", "): a booking's reminders. */
    static String auditedThen(String change, String after, String columns) {
        return "WITH changed AS ( " + change + " ), " + after + "audited AS ( " + Stmt.AUDIT_FROM_CHANGED.text + " ) SELECT "
                + columns + " FROM changed; COMMIT";
    }

    interface Sql<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource ds;

    Raw(DataSource ds) {
        this.ds = ds;
    }

    <T> T read(Sql<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> T write(Sql<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Object[]> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p == null) {
                    ps.setNull(i + 1, Types.OTHER);
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<Object[]> out = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /**
     * PortalKit's default statement timeout (30 s), set per statement as PortalKit's MyBatis does:
     * same safety, same cost (pgjdbc arms and cancels a timer for each execution).
     */
    static final int QUERY_TIMEOUT_SECONDS = 30;

    private static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return ps;
    }

    /** The first row of the first result of a multi-statement text (its COMMIT returns none): execute, not executeQuery. */
    static Object[] first(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    ps.setNull(i + 1, Types.OTHER);
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            ps.execute();
            try (ResultSet rs = ps.getResultSet()) {
                if (!rs.next()) {
                    return null;
                }
                Object[] row = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                return row;
            }
        }
    }

    static Object[] one(Connection c, String sql, Object... params) throws SQLException {
        List<Object[]> r = rows(c, sql, params);
        return r.isEmpty() ? null : r.get(0);
    }

    static PGobject jsonb(String json) {
        try {
            PGobject o = new PGobject();
            o.setType("jsonb");
            o.setValue(json);
            return o;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw side of each hot call, same names as {@link HotCalls#portalKit}. */
    static Map<String, Runnable> calls(DataSource ds, HotCalls d) {
        Raw raw = new Raw(ds);
        UUID actor = d.users.get(0).id();
        Map<String, Runnable> m = new LinkedHashMap<>();
        m.put("authenticate", () -> HotCalls.need(raw.read(c -> {
            return one(c, Stmt.SESSION_BY_TOKEN.text, (Object) sha256(d.tokens.get(HotCalls.idx(d, 16)))) != null;
        })));
        m.put("findUserById", () -> HotCalls.need(raw.read(c -> one(c, Stmt.USER_BY_ID_LIVE.text, d.users.get(HotCalls.idx(d, HotCalls.USERS)).id())) != null));
        m.put("findUserByEmail", () -> HotCalls.need(raw.read(c -> one(c, Stmt.USER_BY_EMAIL.text, d.users.get(HotCalls.idx(d, HotCalls.USERS)).email())) != null));
        m.put("book", () -> raw.write(c -> {
            NewBooking b = d.nextBooking();
            OffsetDateTime now = now();
            OffsetDateTime start = b.startsAt().atOffset(ZoneOffset.UTC);
            OffsetDateTime end = b.endsAt().atOffset(ZoneOffset.UTC);
            Object[] slot = one(c, Stmt.PREPARE_SLOT.text, b.providerId(), now, b.customerId(), null, null, null, null, b.customerId(),
                    null, b.customerId(), b.providerId(), b.providerId(), b.providerId());
            // a live customer; a bookable provider (ACTIVE, with availability, locked as PortalKit locks it)
            HotCalls.need(Boolean.TRUE.equals(slot[0]) && "ACTIVE".equals(slot[4]) && slot[5] != null);
            UUID id = UUID.randomUUID();
            String after = "{\"status\": \"PENDING\", \"customerId\": \"" + b.customerId() + "\", \"providerId\": \""
                    + b.providerId() + "\", \"startsAt\": \"" + b.startsAt() + "\", \"endsAt\": \"" + b.endsAt() + "\"}";
            // The booking's reminders (billing's default offsets, 24 h and 1 h) in the same statement, as PortalKit writes them.
            return first(c, auditedThen(Stmt.INSERT_BOOKING.text, Stmt.BOOKING_REMINDERS.text, Stmt.BOOKING_COLS.text), id,
                    b.customerId(), b.providerId(), start, end, start, end,
                    "UTC", b.title(), null, null, null, null, "PENDING", null, null, jsonb("{}"), 86_400L, 3_600L, now,
                    now, actor, actor, actor, "booking.created", "booking", id, null, jsonb(after), jsonb("{}"), "127.0.0.1", "bench", null);
        }));
        m.put("providerBookingsPage", () -> HotCalls.need(raw.read(c -> rows(c, Stmt.BOOKINGS_PAGE.text, d.busyProvider,
                d.rangeFrom.atOffset(ZoneOffset.UTC), d.rangeTo.atOffset(ZoneOffset.UTC), 21)).size() == 21));
        m.put("charge", () -> {
            UUID user = d.users.get(HotCalls.idx(d, HotCalls.USERS)).id();
            String key = "raw-" + d.runId + "-" + d.sequence.incrementAndGet();
            UUID id = UUID.randomUUID();
            String hash = HexFormat.of().formatHex(sha256("charge|" + user + "|1999|EUR|Bench"));
            // The key claimed in idempotency_keys, the payment, its audit row and COMMIT: one statement, as PortalKit's.
            HotCalls.need(raw.write(c -> first(c, audited(Stmt.CLAIM_KEY.text, Stmt.INSERT_PAYMENT.text, Stmt.PAYMENT_COLS.text), key, "CHARGE", hash, id, user, key,
                    id, null, null, key, hash, 1999L, "EUR", "Bench", jsonb("{}"), now(), user,
                    now(), actor, actor, actor, "payment.created", "payment", id, null,
                    jsonb("{\"amountMinor\": 1999, \"currency\": \"EUR\", \"status\": \"PROCESSING\"}"),
                    jsonb("{\"idempotencyKey\": \"" + key + "\"}"), "127.0.0.1", "bench", null)) != null);
            // The in-memory gateway's answer, then the settling statement.
            raw.write(c -> first(c, audited(Stmt.SETTLE_PAYMENT.text, Stmt.PAYMENT_COLS.text), "SUCCEEDED", "mem_" + id, null, null, "SUCCEEDED", now(),
                    id, "PROCESSING", now(), actor, actor, actor, "payment.succeeded", "payment", id,
                    jsonb("{\"status\": \"PROCESSING\"}"), jsonb("{\"status\": \"SUCCEEDED\"}"), jsonb("{}"), "127.0.0.1", "bench", null));
        });
        // Like PortalKit, the raw side knows the template (read once); the statement checks it is still the live version.
        Object[] t = raw.read(c -> {
            var locales = c.createArrayOf("text", new Object[] {"en"});
            return one(c, Stmt.TEMPLATE.text, "bench.welcome", locales, locales);
        });
        m.put("queueEmail", () -> raw.write(c -> {
            String key = "rawmail-" + d.runId + "-" + d.sequence.incrementAndGet();
            String to = "to" + HotCalls.idx(d, 1000) + "@bench.test";
            var locales = c.createArrayOf("text", new Object[] {"en"});
            UUID id = UUID.randomUUID();
            UUID templateId = (UUID) t[0];
            OffsetDateTime now = now();
            String subject = ((String) t[4]).replace("{{name}}", "Ann");
            String html = ((String) t[5]).replace("{{name}}", "Ann");
            String text = ((String) t[6]).replace("{{name}}", "Ann");
            String messageId = "<" + UUID.randomUUID() + "@bench.test>";
            String meta = "{\"to\": \"" + to + "\", \"template\": \"bench.welcome\", \"templateVersion\": 1, \"locale\": \"en\","
                    + " \"messageId\": \"" + messageId + "\"}";
            // No recipient user (an address), so the person check binds nulls, as PortalKit's does.
            // As messaging's queue since V8: the key is claimed in email_log_keys, then the row goes in; since V9 a
            // lifted suppression and an opt-out of the template's category (transactional here) are checked too.
            Object[] row = first(c, Stmt.QUEUE_EMAIL.text, templateId, null, null, key,
                    "bench.welcome", locales, locales, templateId,
                    key, now, key,
                    id, templateId, "bench.welcome", t[3], "en", null,
                    "bench@bench.test", to, subject, false, html, false, text, messageId, key, now, now, "transactional",
                    jsonb("{}"), "transactional", now, to, to, "transactional", to, "transactional",
                    key,
                    now, actor, actor, actor, "email.queued", "email", id, null, jsonb("{\"status\": \"QUEUED\"}"), jsonb(meta),
                    "127.0.0.1", "bench", null,
                    now, actor, actor, actor, "email.suppressed", "email", id, null, jsonb("{\"status\": \"SUPPRESSED\"}"), jsonb(meta),
                    "127.0.0.1", "bench", null);
            HotCalls.need(row != null);
            return row;
        }));
        m.put("readSetting", () -> HotCalls.need(raw.read(c -> one(c, Stmt.SETTING.text, HotCalls.SITE_NAME.key())) != null));
        m.put("navTree", () -> HotCalls.need(raw.read(c -> {
            // Same filter and tree building work as PortalKit: keep items whose roles include "member".
            List<Object[]> all = rows(c, Stmt.NAV.text);
            Map<Object, List<Object[]>> children = new LinkedHashMap<>();
            int roots = 0;
            for (Object[] r : all) {
                String[] roles = (String[]) ((java.sql.Array) r[6]).getArray();
                boolean visible = roles.length == 0 || List.of(roles).contains("member");
                if (!visible) {
                    continue;
                }
                children.computeIfAbsent(r[1], k -> new ArrayList<>()).add(r);
                if (r[1] == null) {
                    roots++;
                }
            }
            return roots;
        }) == 12));
        m.put("activityPage", () -> HotCalls.need(raw.read(c -> rows(c, Stmt.ACTIVITY_PAGE.text, 21)).size() == 21));
        return m;
    }
}
