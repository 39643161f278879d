package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.auth.AuthService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureReport;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PrivacyService;
import dev.portalkit.core.ValidationException;
import dev.portalkit.resilience.PopulatedPortal.Account;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data-subject requests over a database with a row in every table ({@link PopulatedPortal}):
 * {@code portal.privacy().erase} leaves the user's e-mail, name, ip and user agent in no text, JSON or
 * address column of any table, in any module, and the audit trail still verifies; the export holds
 * every module's part and no secret.
 */
class PrivacyIT {

    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TestDatabase db;
    Portal portal;
    PopulatedPortal data;

    @BeforeEach
    void populate() {
        db = TestDatabases.migrated(PopulatedPortal.SCHEMA, List.of(PopulatedPortal.modules()));
        portal = PopulatedPortal.open(db, MigrationMode.NONE, clock);
        data = new PopulatedPortal(portal, clock);
    }

    @AfterEach
    void close() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void afterEraseNoColumnAnywhereHoldsTheUsersEmailNameIpOrUserAgentAndTheAuditTrailVerifies() throws SQLException {
        Account customer = data.customer;
        Map<String, String> personal = personal(customer);
        assertThat(hits(personal)).as("the population holds the customer's data to erase").isNotEmpty();
        Map<String, Long> others = new LinkedHashMap<>();
        personal(data.provider).forEach((what, needle) -> others.put(what, count(needle)));

        ErasureReport report = portal.privacy().erase(customer.user().id(), customer.context());

        assertThat(hits(personal)).as("columns still holding the customer's personal data after erase: " + report).isEmpty();
        assertThat(report.rows()).as("rows the erasure touched").isPositive();
        assertThat(report.modules()).containsKeys("auth", "billing", "content", "messaging", "core");
        personal(data.provider).forEach((what, needle) -> assertThat(count(needle))
                .as("another user's " + what + " is left alone outside the audit trail").isEqualTo(others.get(what)));

        ActivityLog audit = portal.service(ActivityLog.class);
        audit.seal();
        AuditVerification verification = audit.verify();
        assertThat(verification.intact()).as("audit chain after the erasure: " + verification).isTrue();

        ErasureReport again = portal.privacy().erase(customer.user().id(), CallContext.system("privacy-test"));
        assertThat(again.rows()).as("a second erase finds nothing left: " + again).isZero();
        assertThat(hits(personal)).isEmpty();
        assertThat(portal.service(AuthService.class).authenticate(customer.token())).as("the erased user's session").isEmpty();
    }

    @Test
    void anAccountDeletedBeforeItsErasureIsErasedAsCompletely() throws SQLException {
        Account customer = data.customer;
        // Someone else's row naming them without their id: found by the name the deleted account still holds.
        portal.service(dev.portalkit.messaging.MessageService.class).send(new dev.portalkit.messaging.NewMessage(
                data.provider.user().id(), customer.user().id(), "For " + customer.user().displayName(),
                "Dear " + customer.user().displayName() + ", see you soon."), data.provider.context());
        portal.service(dev.portalkit.auth.UserService.class).delete(customer.user().id(), data.admin.context());

        ErasureReport report = portal.privacy().erase(customer.user().id(), data.admin.context());

        assertThat(hits(personal(customer))).as("columns still holding the deleted customer's data: " + report).isEmpty();
        ActivityLog audit = portal.service(ActivityLog.class);
        audit.seal();
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theExportHoldsEveryModulesPartAndNoSecret() throws Exception {
        Account customer = data.customer;
        String export = portal.privacy().export(customer.user().id());

        JsonNode doc = new ObjectMapper().readTree(export);
        assertThat(doc.path("userId").asText()).isEqualTo(customer.user().id().toString());
        for (String module : List.of("auth", "billing", "content", "messaging", "core")) {
            assertThat(doc.has(module)).as("the export's part of " + module + ": " + export).isTrue();
        }
        assertThat(export).contains(customer.email(), customer.ip());
        assertThat(export).as("secrets in the export")
                .doesNotContain(customer.token(), data.rememberMeToken, customer.password(), "$2a$", "$2b$");
        try (Connection c = db.directDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT password_hash FROM portal.users WHERE id = '" + customer.user().id() + "'")) {
            rs.next();
            assertThat(export).doesNotContain(rs.getString(1));
        }
    }

    @Test
    void anUnknownUserOrNoUserIsRefusedAndChangesNothing() throws SQLException {
        PrivacyService privacy = portal.privacy();
        Tables tables = new Tables(db.directDataSource());
        var before = tables.snapshot();
        UUID nobody = UUID.randomUUID();
        assertThat(catchThrowable(() -> privacy.export(nobody))).isInstanceOf(NotFoundException.class);
        assertThat(catchThrowable(() -> privacy.erase(nobody, CallContext.system("t")))).isInstanceOf(NotFoundException.class);
        assertThat(catchThrowable(() -> privacy.export(null))).isInstanceOf(ValidationException.class);
        assertThat(catchThrowable(() -> privacy.erase(null, CallContext.system("t")))).isInstanceOf(ValidationException.class);
        assertThat(catchThrowable(() -> privacy.erase(data.customer.user().id(), null))).isInstanceOf(ValidationException.class);
        assertThat(tables.snapshot()).as("every table after the refused calls").isEqualTo(before);
        assertThat(hits(personal(data.customer))).isNotEmpty();
    }

    private static Map<String, String> personal(Account a) {
        Map<String, String> needles = new LinkedHashMap<>();
        needles.put("e-mail", a.email());
        needles.put("name", a.user().displayName());
        needles.put("ip", a.ip());
        needles.put("user agent", a.userAgent());
        return needles;
    }

    /** "table.column holds the e-mail" for every hit of every needle in every text, JSON, array or inet column. */
    private List<String> hits(Map<String, String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = db.directDataSource().getConnection()) {
            for (String[] column : columns()) {
                for (Map.Entry<String, String> n : needles.entrySet()) {
                    if (count(c, column[0], column[1], n.getValue()) > 0) {
                        found.add(column[0] + "." + column[1] + " holds the " + n.getKey());
                    }
                }
            }
        }
        return found;
    }

    /**
     * Rows holding {@code needle} outside activity_logs: an audit row about an entity the erased user shared
     * with someone (a booking they made with a provider) loses every personal field, the other actor's e-mail
     * snapshot too, since an erased row's fields are all empty or verify() refuses it.
     */
    private long count(String needle) {
        try (Connection c = db.directDataSource().getConnection()) {
            long total = 0;
            for (String[] column : columns()) {
                if (column[0].equals("activity_logs")) {
                    continue;
                }
                total += count(c, column[0], column[1], needle);
            }
            return total;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String[]> columns() throws SQLException {
        // Tables and partitioned parents (a partition's rows are its parent's), every column whose text a person could be in.
        String sql = """
                SELECT c.relname, a.attname
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE n.nspname = 'portal' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND (a.atttypid IN ('json'::regtype, 'jsonb'::regtype, 'inet'::regtype)
                        OR a.atttypid IN (SELECT oid FROM pg_type WHERE typcategory IN ('A', 'S')))
                 ORDER BY 1, 2""";
        List<String[]> out = new ArrayList<>();
        try (Connection c = db.directDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }

    /** On the caller's connection: the scan asks hundreds of times, one connection for all of them. */
    private static long count(Connection c, String table, String column, String needle) throws SQLException {
        try (var ps = c.prepareStatement("SELECT count(*) FROM portal.\"" + table + "\" WHERE strpos(lower(\"" + column
                     + "\"::text), ?) > 0")) {
            ps.setString(1, needle.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
