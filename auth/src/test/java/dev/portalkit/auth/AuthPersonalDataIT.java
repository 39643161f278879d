package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureReport;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Setting;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue #21: auth's part of a data-subject request (export and erase through portal.privacy()). */
class AuthPersonalDataIT {

    static final TestClock CLOCK = new TestClock(Instant.parse("2031-09-09T12:00:15Z"));
    static final Setting<String> THEME = Setting.string("ui.theme", "light");
    static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 5);
    }

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.totpKey("k1", KEY).userSettings(THEME), CLOCK);

    /** Auth's tables: every one a user's data can reach. */
    static final List<String> AUTH_TABLES = List.of("users", "auth_sessions", "password_reset_tokens",
            "password_reset_requests", "email_verification_tokens", "user_settings", "user_totp", "recovery_codes",
            "login_challenges", "email_change_tokens");

    static final String IP = "198.51.100.77";
    static final String AGENT = "Erasable Agent/9.1 (Personal Device)";

    /** A user with something in every auth table: sessions, settings, 2FA, a challenge, tokens, a pending change. */
    record Subject(User user, String newEmail, String secret) {
    }

    static Subject subject(String name, String ip) {
        CallContext THEIRS = CallContext.anonymous(ip, name + " Agent/9.1 (Personal Device)");
        UserService users = AuthTests.users(kit);
        User u = users.register(NewUser.member(TestData.email(name), AuthTests.PASSWORD, name), THEIRS);
        AuthService auth = AuthTests.auth(kit);
        auth.login(u.email(), AuthTests.PASSWORD, true, THEIRS);
        kit.portal().service(UserSettingsService.class).set(u.id(), THEME, "dark " + name, THEIRS);
        users.requestEmailVerification(u.id(), THEIRS);
        AuthTests.resets(kit).request(u.email(), THEIRS);
        String newEmail = TestData.email(name + "-new");
        users.requestEmailChange(u.id(), newEmail, THEIRS);
        TwoFactorService tf = kit.portal().service(TwoFactorService.class);
        TotpEnrolment e = tf.begin(u.id(), THEIRS);
        tf.confirm(u.id(), TestTotp.code(e.secret(), CLOCK.instant()), THEIRS);
        auth.signIn(u.email(), AuthTests.PASSWORD, false, THEIRS); // a challenge row with the ip and agent
        return new Subject(u, newEmail, e.secret());
    }

    @Test
    void theExportHoldsProfileSettingsSessionsTheTwoFactorFlagAndThePendingChangeButNoSecret() throws Exception {
        Subject s = subject("Exported", "198.51.100.66");
        JsonNode root = new ObjectMapper().readTree(kit.portal().privacy().export(s.user().id()));
        JsonNode auth = root.get("auth");
        assertThat(auth.at("/profile/email").asText()).isEqualTo(s.user().email());
        assertThat(auth.at("/profile/displayName").asText()).isEqualTo("Exported");
        assertThat(auth.at("/settings/ui.theme").asText()).isEqualTo("dark Exported");
        assertThat(auth.get("sessions")).hasSize(1);
        assertThat(auth.at("/sessions/0/ip").asText()).isEqualTo("198.51.100.66");
        assertThat(auth.at("/sessions/0/userAgent").asText()).isEqualTo("Exported Agent/9.1 (Personal Device)");
        assertThat(auth.at("/sessions/0/createdAt").isMissingNode()).isFalse();
        assertThat(auth.at("/sessions/0/lastSeenAt").isMissingNode()).isFalse();
        assertThat(auth.get("twoFactorEnabled").asBoolean()).isTrue();
        assertThat(auth.at("/pendingEmailChange/newEmail").asText()).isEqualTo(s.newEmail());
        String text = auth.toString();
        assertThat(text).doesNotContain("$2a$", "hash", "secret", "token", s.secret());
    }

    @Test
    void anErasureLeavesNoEmailNameIpOrUserAgentInAnyColumnOfAuthsTablesAndASecondFindsNothing() {
        Subject s = subject("Erasable", IP);
        Subject bystander = subject("Bystander", "198.51.100.88");
        UUID id = s.user().id();
        List<String> personal = List.of(s.user().email(), s.newEmail(), "Erasable", IP, AGENT, "dark Erasable");
        assertThat(scan(id)).as("before: the scan finds them").isNotEmpty();

        ErasureReport first = kit.portal().privacy().erase(id, CallContext.system("privacy request"));
        Map<String, ErasureStep> steps = first.modules().get("auth").stream()
                .collect(Collectors.toMap(ErasureStep::table, st -> st));
        assertThat(steps.keySet()).containsExactlyInAnyOrderElementsOf(AUTH_TABLES);
        assertThat(steps.get("users").action()).isEqualTo(ErasureAction.ANONYMISED);
        assertThat(steps.get("users").rows()).isOne();
        for (String t : List.of("auth_sessions", "user_settings", "user_totp", "login_challenges", "email_change_tokens",
                "email_verification_tokens", "password_reset_tokens", "password_reset_requests")) {
            assertThat(steps.get(t).rows()).as(t).isPositive();
            assertThat(steps.get(t).action()).as(t).isEqualTo(ErasureAction.DELETED);
        }
        assertThat(steps.get("recovery_codes").rows()).isEqualTo(10);

        assertThat(scan(id)).as("after: personal data of the user in auth's tables").isEmpty();
        for (String p : personal) {
            assertThat(everyColumnOfAuthsTables()).as(p).doesNotContainIgnoringCase(p);
        }
        // The account row stays, so rows pointing at it stay valid; it cannot sign in nor be restored.
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.users WHERE id = ? AND deleted_at IS NOT NULL", id)).isOne();
        assertThatThrownBy(() -> AuthTests.auth(kit).signIn(s.user().email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> AuthTests.users(kit).restore(id, AuthTests.CLIENT)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> AuthTests.auth(kit).signIn("erased-" + id + "@invalid", "!erased", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);

        ErasureReport second = kit.portal().privacy().erase(id, CallContext.system("privacy request"));
        assertThat(second.modules().get("auth")).allSatisfy(st -> assertThat(st.rows()).as(st.table()).isZero());

        // The other user's data is untouched.
        assertThat(AuthTests.users(kit).find(bystander.user().id())).isPresent();
        assertThat(AuthTests.auth(kit).sessions(bystander.user().id())).hasSize(1);
        assertThat(kit.portal().service(TwoFactorService.class).enabled(bystander.user().id())).isTrue();
    }

    /**
     * Every text, varchar, citext, jsonb and inet column of auth's tables (from information_schema),
     * as "table.column=value" lines holding the subject's e-mail, new e-mail, name, ip or user agent.
     */
    private static List<String> scan(UUID id) {
        String dump = everyColumnOfAuthsTables();
        List<String> hits = new ArrayList<>();
        for (String line : dump.split("\n")) {
            for (String p : List.of("Erasable", IP, AGENT)) {
                if (line.toLowerCase().contains(p.toLowerCase())) {
                    hits.add(line);
                }
            }
        }
        return hits;
    }

    private static String everyColumnOfAuthsTables() {
        List<String[]> columns = AuthDb.query(kit, """
                SELECT table_name, column_name FROM information_schema.columns
                 WHERE table_schema = 'portal' AND table_name = ANY (?)
                   AND (data_type IN ('text', 'character varying', 'jsonb', 'json', 'inet')
                        OR udt_name IN ('citext'))
                 ORDER BY table_name, column_name""", List.<Object>of((Object) AUTH_TABLES.toArray(new String[0])),
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        assertThat(columns.stream().map(c -> c[0]).distinct()).as("tables with such columns")
                .contains("users", "auth_sessions", "login_challenges", "email_change_tokens", "user_settings",
                        "email_verification_tokens", "password_reset_tokens");
        StringBuilder out = new StringBuilder();
        for (String[] c : columns) {
            for (String v : AuthDb.query(kit, "SELECT \"" + c[1] + "\"::text FROM portal.\"" + c[0] + "\"", List.of(),
                    rs -> rs.getString(1))) {
                out.append(c[0]).append('.').append(c[1]).append('=').append(v).append('\n');
            }
        }
        return out.toString();
    }
}
