package dev.portalkit.benchmarks;

import dev.portalkit.billing.booking.NewBooking;
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
import java.util.UUID;
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

    private static final String USER_COLS = "id, email, display_name, role, status, email_verified_at, last_login_at,"
            + " host(last_login_ip) AS last_login_ip, password_changed_at, metadata, version, created_at, updated_at, deleted_at";
    static final String SESSION_BY_TOKEN = "SELECT s.id AS session_id, s.user_id, s.remember_me, s.created_at, s.last_seen_at,"
            + " s.expires_at, host(s.ip) AS ip, s.user_agent, u.email, u.display_name, u.role, u.status, u.email_verified_at,"
            + " u.last_login_at, host(u.last_login_ip) AS last_login_ip, u.password_changed_at, u.metadata, u.version,"
            + " u.created_at AS user_created_at, u.updated_at AS user_updated_at FROM portal.auth_sessions s"
            + " JOIN portal.users u ON u.id = s.user_id AND u.deleted_at IS NULL WHERE s.token_hash = ? AND s.revoked_at IS NULL";
    static final String USER_BY_ID_LIVE = "SELECT " + USER_COLS + " FROM portal.users WHERE id = ? AND deleted_at IS NULL";
    static final String USER_BY_EMAIL = "SELECT " + USER_COLS + " FROM portal.users WHERE lower(email) = lower(?) AND deleted_at IS NULL";
    private static final String BOOKING_COLS = "id, customer_id, provider_id, starts_at, ends_at, blocked_from, blocked_until, time_zone,"
            + " title, notes, location, meeting_url, payment_id, status, hold_expires_at, confirmed_at, cancelled_at,"
            + " cancellation_reason, rescheduled_to, metadata, version, created_at, updated_at";
    static final String PREPARE_SLOT = "WITH expired AS ( UPDATE portal.bookings SET status = 'EXPIRED', version = version + 1"
            + " WHERE provider_id = ? AND status = 'HELD' AND hold_expires_at <= ? RETURNING id )"
            + " SELECT EXISTS (SELECT 1 FROM portal.live_users WHERE id = ?) AS customer_found,"
            + " (CAST(? AS uuid) IS NULL OR EXISTS (SELECT 1 FROM portal.payments WHERE id = CAST(? AS uuid))) AS payment_found,"
            + " (CAST(? AS uuid) IS NULL OR EXISTS (SELECT 1 FROM portal.payments WHERE id = CAST(? AS uuid) AND user_id = ?"
            + " AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED') AND refunded_minor + refund_pending_minor < amount_minor))"
            + " AS payment_usable,"
            + " (SELECT status FROM portal.payments WHERE id = CAST(? AS uuid) AND user_id = ?) AS payment_status,"
            + " (SELECT status FROM portal.live_users WHERE id = ?) AS provider_status,"
            + " provider_id, time_zone, weekly_hours, date_overrides, buffer_before_minutes, buffer_after_minutes,"
            + " minimum_notice_minutes, horizon_days, slot_minutes, version, updated_at ,"
            + " ARRAY(SELECT CAST(id AS text) FROM expired) AS expired_ids"
            + " FROM (SELECT pg_advisory_xact_lock(1347109451, hashtext(CAST(? AS text)))) AS provider_lock"
            + " LEFT JOIN ( SELECT a.* FROM portal.provider_availability a JOIN portal.live_users u ON u.id = a.provider_id"
            + " WHERE a.provider_id = ? AND u.status = 'ACTIVE' FOR SHARE OF a, u ) AS bookable ON true";
    static final String INSERT_BOOKING = "INSERT INTO portal.bookings (id, customer_id, provider_id, starts_at, ends_at, blocked_from,"
            + " blocked_until, time_zone, title, notes, location, meeting_url, payment_id, status, hold_expires_at, confirmed_at,"
            + " metadata ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? ) RETURNING " + BOOKING_COLS;
    /** 13 parameters: occurred_at, actor (x3), action, entity type, entity id, before, after, metadata, ip, user agent, request id. */
    static final String AUDIT_FROM_CHANGED = "INSERT INTO portal.activity_logs ( occurred_at, actor_id, actor_email, actor_role,"
            + " action, entity_type, entity_id, before, after, metadata, ip, user_agent, request_id )"
            + " SELECT CAST(? AS timestamptz), CAST(? AS uuid), (SELECT a.email FROM portal.activity_actors a WHERE a.id = CAST(? AS uuid)),"
            + " (SELECT a.role FROM portal.activity_actors a WHERE a.id = CAST(? AS uuid)), CAST(? AS text), CAST(? AS text),"
            + " CAST(? AS uuid), CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS inet), CAST(? AS text),"
            + " CAST(? AS text) FROM changed";

    /** A transaction's last statement as PortalKit sends it: the change, its audit row and COMMIT in one round trip. */
    static String audited(String change, String columns) {
        return audited("", change, columns);
    }

    /** The same, with CTEs that run before the change ({@code before} ends with ", "). */
    static String audited(String before, String change, String columns) {
        return "WITH " + before + "changed AS ( " + change + " ), audited AS ( " + AUDIT_FROM_CHANGED + " ) SELECT " + columns
                + " FROM changed; COMMIT";
    }

    static final String BOOKINGS_PAGE = "SELECT " + BOOKING_COLS + " FROM portal.bookings WHERE provider_id = ? AND starts_at >= ?"
            + " AND starts_at < ? ORDER BY starts_at, id LIMIT ?";
    private static final String PAYMENT_COLS = "id, user_id, subscription_id, period_start, idempotency_key, amount_minor, currency,"
            + " description, status, refunded_minor, refund_pending_minor, gateway_reference, failure_code, failure_message,"
            + " settled_at, metadata, created_at, updated_at";
    static final String INSERT_PAYMENT = "INSERT INTO portal.payments (id, user_id, subscription_id, period_start, idempotency_key,"
            + " request_hash, amount_minor, currency, description, metadata, created_at) SELECT CAST(? AS uuid), u.id, CAST(? AS uuid),"
            + " CAST(? AS timestamptz), CAST(? AS text), CAST(? AS text), CAST(? AS bigint), CAST(? AS text), CAST(? AS text),"
            + " CAST(? AS jsonb), CAST(? AS timestamptz) FROM portal.live_users u WHERE u.id = ? AND EXISTS (SELECT 1 FROM claimed)"
            + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING " + PAYMENT_COLS;
    /** A caller's key is claimed first, in the same statement, as PortalKit does (6 parameters). */
    static final String CLAIM_KEY = "claimed AS ( INSERT INTO portal.idempotency_keys (idempotency_key, operation, request_hash,"
            + " status, payment_id) SELECT CAST(? AS text), CAST(? AS text), CAST(? AS text), 'DONE', CAST(? AS uuid)"
            + " FROM portal.live_users u WHERE u.id = ? AND NOT EXISTS (SELECT 1 FROM portal.payments WHERE idempotency_key"
            + " = CAST(? AS text)) ON CONFLICT (idempotency_key) DO NOTHING RETURNING payment_id ), ";
    static final String SETTLE_PAYMENT = "UPDATE portal.payments SET status = ?, gateway_reference = coalesce(?, gateway_reference),"
            + " failure_code = ?, failure_message = ?, settled_at = CASE WHEN CAST(? AS text) IN ('SUCCEEDED', 'FAILED')"
            + " THEN CAST(? AS timestamptz) ELSE settled_at END WHERE id = ? AND status = ? RETURNING " + PAYMENT_COLS;
    static final String TEMPLATE = "SELECT id, key, locale, version, subject, html_body, text_body, variables, description,"
            + " created_by, superseded_at, created_at, updated_at, deleted_at FROM portal.email_templates WHERE key = ?"
            + " AND locale = ANY (?) AND deleted_at IS NULL AND superseded_at IS NULL ORDER BY array_position(?, locale) LIMIT 1";
    /** Queueing as PortalKit sends it when it knows the template version: checks, INSERT, audit row, COMMIT. */
    static final String QUEUE_EMAIL = "WITH template AS MATERIALIZED ( SELECT id FROM portal.email_templates WHERE id = CAST(? AS uuid) FOR KEY SHARE )"
            + ", person AS MATERIALIZED ( SELECT id FROM portal.live_users WHERE id = CAST(? AS uuid) FOR KEY SHARE ), allowed "
            + "AS ( SELECT CAST(? AS uuid) IS NULL OR count(*) = 1 AS ok FROM person ), earlier AS ( SELECT id, template_id, te"
            + "mplate_key, template_version, locale, user_id, from_address, to_address, subject, message_id, idempotency_key, s"
            + "tatus, attempts, due_at, last_error, provider_message_id, sent_at, delivered_at, bounced_at, complained_at, fail"
            + "ed_at, opened_at, open_count, clicked_at, click_count, metadata, created_at, updated_at FROM portal.email_logs W"
            + "HERE idempotency_key = ? AND (SELECT ok FROM allowed) ), inserted AS ( INSERT INTO portal.email_logs (id, templa"
            + "te_id, template_key, template_version, locale, user_id, from_address, to_address, subject, html_body, text_body,"
            + " message_id, idempotency_key, status, due_at, failed_at, metadata, created_at) SELECT CAST(? AS uuid), CAST(? AS"
            + " uuid), CAST(? AS text), CAST(? AS integer), CAST(? AS text), CAST(? AS uuid), CAST(? AS text), CAST(? AS text),"
            + " CAST(? AS text), CASE WHEN s.suppressed AND NOT CAST(? AS boolean) THEN NULL ELSE CAST(? AS text) END, CASE WHE"
            + "N s.suppressed AND NOT CAST(? AS boolean) THEN NULL ELSE CAST(? AS text) END, CAST(? AS text), CAST(? AS text), "
            + "CASE WHEN s.suppressed THEN 'SUPPRESSED' ELSE 'QUEUED' END, CAST(? AS timestamptz), CASE WHEN s.suppressed THEN "
            + "CAST(? AS timestamptz) END, CAST(? AS jsonb), CAST(? AS timestamptz) FROM (SELECT EXISTS (SELECT 1 FROM portal.e"
            + "mail_logs WHERE lower(to_address) = lower(?) AND status IN ('BOUNCED', 'COMPLAINED')) AS suppressed) s WHERE NOT"
            + " EXISTS (SELECT 1 FROM earlier) AND (SELECT ok FROM allowed) AND EXISTS (SELECT 1 FROM template) AND (SELECT id "
            + "FROM portal.email_templates WHERE key = ? AND locale = ANY (?) AND deleted_at IS NULL AND superseded_at IS NULL "
            + "ORDER BY array_position(?, locale) LIMIT 1) = ? ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL "
            + "DO NOTHING RETURNING id, template_id, template_key, template_version, locale, user_id, from_address, to_address,"
            + " subject, message_id, idempotency_key, status, attempts, due_at, last_error, provider_message_id, sent_at, deliv"
            + "ered_at, bounced_at, complained_at, failed_at, opened_at, open_count, clicked_at, click_count, metadata, created"
            + "_at, updated_at ), audited_queued AS ( WITH changed AS (SELECT id FROM inserted WHERE status = 'QUEUED') INSERT "
            + "INTO portal.activity_logs ( occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id, befo"
            + "re, after, metadata, ip, user_agent, request_id ) SELECT CAST(? AS timestamptz), CAST(? AS uuid), (SELECT "
            + "a.email FROM portal.activity_actors a WHERE a.id = CAST(? AS uuid)), (SELECT a.role FROM portal.activity_actors "
            + "a WHERE a.id = CAST(? AS uuid)), CAST(? AS text), CAST(? AS text), CAST(? AS uuid), CAST(? AS jsonb), CAST(? AS "
            + "jsonb), CAST(? AS jsonb), CAST(? AS inet), CAST(? AS text), CAST(? AS text) FROM changed ), audited_s"
            + "uppressed AS ( WITH changed AS (SELECT id FROM inserted WHERE status = 'SUPPRESSED') INSERT INTO portal.activity"
            + "_logs ( occurred_at, actor_id, actor_email, actor_role, action, entity_type, entity_id, before, after, metadata,"
            + " ip, user_agent, request_id ) SELECT CAST(? AS timestamptz), CAST(? AS uuid), (SELECT a.email FROM portal."
            + "activity_actors a WHERE a.id = CAST(? AS uuid)), (SELECT a.role FROM portal.activity_actors a WHERE a.id = CAST("
            + "? AS uuid)), CAST(? AS text), CAST(? AS text), CAST(? AS uuid), CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS js"
            + "onb), CAST(? AS inet), CAST(? AS text), CAST(? AS text) FROM changed ) SELECT id, template_id, templa"
            + "te_key, template_version, locale, user_id, from_address, to_address, subject, message_id, idempotency_key, statu"
            + "s, attempts, due_at, last_error, provider_message_id, sent_at, delivered_at, bounced_at, complained_at, failed_a"
            + "t, opened_at, open_count, clicked_at, click_count, metadata, created_at, updated_at FROM inserted UNION ALL SELE"
            + "CT id, template_id, template_key, template_version, locale, user_id, from_address, to_address, subject, message_"
            + "id, idempotency_key, status, attempts, due_at, last_error, provider_message_id, sent_at, delivered_at, bounced_a"
            + "t, complained_at, failed_at, opened_at, open_count, clicked_at, click_count, metadata, created_at, updated_at FR"
            + "OM earlier"
            + "; COMMIT";
    static final String SETTING = "SELECT id, key, value, version, updated_at FROM portal.app_settings WHERE key = ?";
    static final String NAV = "SELECT id, parent_id, position, label, url, icon, roles, active, metadata, created_at, updated_at"
            + " FROM portal.nav_items WHERE active ORDER BY position";
    static final String ACTIVITY_PAGE = "SELECT id, seq AS sequence, occurred_at, actor_id, actor_email, actor_role, action,"
            + " entity_type, entity_id, before, after, metadata, host(ip) AS ip, user_agent, request_id FROM portal.activity_logs"
            + " ORDER BY seq DESC LIMIT ?";

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
            return one(c, SESSION_BY_TOKEN, (Object) sha256(d.tokens.get(HotCalls.idx(d, 16)))) != null;
        })));
        m.put("findUserById", () -> HotCalls.need(raw.read(c -> one(c, USER_BY_ID_LIVE, d.users.get(HotCalls.idx(d, HotCalls.USERS)).id())) != null));
        m.put("findUserByEmail", () -> HotCalls.need(raw.read(c -> one(c, USER_BY_EMAIL, d.users.get(HotCalls.idx(d, HotCalls.USERS)).email())) != null));
        m.put("book", () -> raw.write(c -> {
            NewBooking b = d.nextBooking();
            OffsetDateTime now = now();
            OffsetDateTime start = b.startsAt().atOffset(ZoneOffset.UTC);
            OffsetDateTime end = b.endsAt().atOffset(ZoneOffset.UTC);
            Object[] slot = one(c, PREPARE_SLOT, b.providerId(), now, b.customerId(), null, null, null, null, b.customerId(),
                    null, b.customerId(), b.providerId(), b.providerId(), b.providerId());
            // a live customer; a bookable provider (ACTIVE, with availability, locked as PortalKit locks it)
            HotCalls.need(Boolean.TRUE.equals(slot[0]) && "ACTIVE".equals(slot[4]) && slot[5] != null);
            UUID id = UUID.randomUUID();
            String after = "{\"status\": \"PENDING\", \"customerId\": \"" + b.customerId() + "\", \"providerId\": \""
                    + b.providerId() + "\", \"startsAt\": \"" + b.startsAt() + "\", \"endsAt\": \"" + b.endsAt() + "\"}";
            return first(c, audited(INSERT_BOOKING, BOOKING_COLS), id, b.customerId(), b.providerId(), start, end, start, end,
                    "UTC", b.title(), null, null, null, null, "PENDING", null, null, jsonb("{}"),
                    now, actor, actor, actor, "booking.created", "booking", id, null, jsonb(after), jsonb("{}"), "127.0.0.1", "bench", null);
        }));
        m.put("providerBookingsPage", () -> HotCalls.need(raw.read(c -> rows(c, BOOKINGS_PAGE, d.busyProvider,
                d.rangeFrom.atOffset(ZoneOffset.UTC), d.rangeTo.atOffset(ZoneOffset.UTC), 21)).size() == 21));
        m.put("charge", () -> {
            UUID user = d.users.get(HotCalls.idx(d, HotCalls.USERS)).id();
            String key = "raw-" + d.runId + "-" + d.sequence.incrementAndGet();
            UUID id = UUID.randomUUID();
            String hash = HexFormat.of().formatHex(sha256("charge|" + user + "|1999|EUR|Bench"));
            // The key claimed in idempotency_keys, the payment, its audit row and COMMIT: one statement, as PortalKit's.
            HotCalls.need(raw.write(c -> first(c, audited(CLAIM_KEY, INSERT_PAYMENT, PAYMENT_COLS), key, "CHARGE", hash, id, user, key,
                    id, null, null, key, hash, 1999L, "EUR", "Bench", jsonb("{}"), now(), user,
                    now(), actor, actor, actor, "payment.created", "payment", id, null,
                    jsonb("{\"amountMinor\": 1999, \"currency\": \"EUR\", \"status\": \"PROCESSING\"}"),
                    jsonb("{\"idempotencyKey\": \"" + key + "\"}"), "127.0.0.1", "bench", null)) != null);
            // The in-memory gateway's answer, then the settling statement.
            raw.write(c -> first(c, audited(SETTLE_PAYMENT, PAYMENT_COLS), "SUCCEEDED", "mem_" + id, null, null, "SUCCEEDED", now(),
                    id, "PROCESSING", now(), actor, actor, actor, "payment.succeeded", "payment", id,
                    jsonb("{\"status\": \"PROCESSING\"}"), jsonb("{\"status\": \"SUCCEEDED\"}"), jsonb("{}"), "127.0.0.1", "bench", null));
        });
        // Like PortalKit, the raw side knows the template (read once); the statement checks it is still the live version.
        Object[] t = raw.read(c -> {
            var locales = c.createArrayOf("text", new Object[] {"en"});
            return one(c, TEMPLATE, "bench.welcome", locales, locales);
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
            Object[] row = first(c, QUEUE_EMAIL, templateId, null, null, key, id, templateId, "bench.welcome", t[3], "en", null,
                    "bench@bench.test", to, subject, false, html, false, text, messageId, key, now, now, jsonb("{}"), now, to,
                    "bench.welcome", locales, locales, templateId,
                    now, actor, actor, actor, "email.queued", "email", id, null, jsonb("{\"status\": \"QUEUED\"}"), jsonb(meta),
                    "127.0.0.1", "bench", null,
                    now, actor, actor, actor, "email.suppressed", "email", id, null, jsonb("{\"status\": \"SUPPRESSED\"}"), jsonb(meta),
                    "127.0.0.1", "bench", null);
            HotCalls.need(row != null);
            return row;
        }));
        m.put("readSetting", () -> HotCalls.need(raw.read(c -> one(c, SETTING, HotCalls.SITE_NAME.key())) != null));
        m.put("navTree", () -> HotCalls.need(raw.read(c -> {
            // Same filter and tree building work as PortalKit: keep items whose roles include "member".
            List<Object[]> all = rows(c, NAV);
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
        m.put("activityPage", () -> HotCalls.need(raw.read(c -> rows(c, ACTIVITY_PAGE, 21)).size() == 21));
        return m;
    }
}
