package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random hostile input against every public input record of core and auth: any outcome is a
 * success or a typed PortalException, and a failure leaves every PortalKit table's row count as
 * it was.
 */
class HostileInputIT {

    static final Setting<Integer> LIMIT = Setting.integer("hostile.limit", 10);
    static final Setting<String> MOTD = Setting.string("hostile.motd", "");

    static TestDatabase db;
    static Portal portal;
    static User existing;

    @BeforeContainer
    static void start() {
        AuthModule auth = new AuthModule(AuthOptions.builder().bcryptCost(4).build());
        db = TestDatabases.migrated("portal", List.of(auth));
        portal = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(MigrationMode.NONE).minimumIdle(0).settings(LIMIT, MOTD).install(auth)
                .backgroundSealing(false) // every table is compared before and after each hostile call
                .build();
        existing = portal.service(UserService.class)
                .register(NewUser.member("existing@example.com", AuthTests.PASSWORD, "Existing"), AuthTests.CLIENT);
    }

    @AfterContainer
    static void stop() {
        portal.close();
        TestDatabases.server().dropDatabase(db.name());
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(40, Arbitraries.strings().all().ofMaxLength(40)),
                        net.jqwik.api.Tuple.of(25, Arbitraries.strings().withCharRange('a', 'z').numeric()
                                .withChars('@', '.', '-', '\'', ' ', '%', '_').ofMaxLength(40)),
                        net.jqwik.api.Tuple.of(20, Arbitraries.of("ann@example.com", "existing@example.com",
                                "EXISTING@EXAMPLE.COM", "", " ", "\u0000", "\uD800", "a@b.co", "correct horse battery",
                                "'; DROP TABLE users; --", "<script>alert(1)</script>", "/docs", "https://x.example/y",
                                "ADMIN", "${schema}", "#{x}")),
                        net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMinLength(100_000).ofMaxLength(100_000)))
                .injectNull(0.08);
    }

    @Provide
    Arbitrary<Integer> numbers() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(Integer.MIN_VALUE, -1, 0, 1, 500, 501, Integer.MAX_VALUE)));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(-62_000_000_000L, 250_000_000_000L)
                        .map(Instant::ofEpochSecond)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.now())))
                .injectNull(0.2);
    }

    @Provide
    Arbitrary<CallContext> contexts() {
        return Arbitraries.oneOf(
                Arbitraries.just(AuthTests.CLIENT),
                text().tuple3().map(t -> tryContext(t.get1(), t.get2(), t.get3())));
    }

    private static CallContext tryContext(String ip, String agent, String requestId) {
        try {
            return new CallContext(UUID.randomUUID(), ip, agent, requestId);
        } catch (PortalException e) {
            return CallContext.system("hostile");
        }
    }

    /** Runs {@code call}; on failure it must be typed and change no row count. */
    private static void check(Runnable call) {
        check(call, false);
    }

    /**
     * Like {@link #check(Runnable)}; a failed login is still recorded in the audit trail (that is
     * a security event, not a half-done change), so there the trail may grow.
     */
    private static void check(Runnable call, boolean auditedFailure) {
        Map<String, Long> before = counts();
        try {
            call.run();
        } catch (PortalException e) {
            Map<String, Long> after = counts();
            if (auditedFailure) {
                assertThat(after.get("activity_logs")).isGreaterThanOrEqualTo(before.get("activity_logs"));
                after.remove("activity_logs");
                before.remove("activity_logs");
            }
            assertThat(after).as("row counts after " + e.getMessage()).isEqualTo(before);
        }
    }

    @Property(tries = 150)
    void register(@ForAll("text") String email, @ForAll("text") String password, @ForAll("text") String name,
                  @ForAll("contexts") CallContext ctx) {
        check(() -> portal.service(UserService.class).register(new NewUser(email, password, name, Role.MEMBER,
                Map.of("note", name == null ? "none" : name)), ctx));
    }

    @Property(tries = 150)
    void loginAndReset(@ForAll("text") String email, @ForAll("text") String password, @ForAll("contexts") CallContext ctx) {
        check(() -> portal.service(AuthService.class).login(email, password, false, ctx), true);
        check(() -> portal.service(AuthService.class).authenticate(password));
        check(() -> portal.service(PasswordResetService.class).request(email, ctx));
        check(() -> portal.service(PasswordResetService.class).reset(email, password, ctx));
    }

    /** Issue #21: the two-step sign-in, two-factor enrolment, e-mail change and session revocation. */
    @Property(tries = 120)
    void twoFactorEmailChangeAndSessions(@ForAll("text") String email, @ForAll("text") String code,
                                         @ForAll("contexts") CallContext ctx) {
        AuthService auth = portal.service(AuthService.class);
        TwoFactorService twoFactor = portal.service(TwoFactorService.class);
        UserService users = portal.service(UserService.class);
        check(() -> auth.signIn(email, code, false, ctx), true);
        check(() -> auth.completeSignIn(code, code, ctx), true);
        check(() -> auth.revokeSession(existing.id(), UUID.nameUUIDFromBytes(String.valueOf(code).getBytes()), ctx));
        check(() -> twoFactor.begin(existing.id(), ctx)); // no TOTP key here: PK-2011, nothing stored
        check(() -> twoFactor.confirm(existing.id(), code, ctx));
        check(() -> twoFactor.disable(existing.id(), code, ctx), true);
        check(() -> twoFactor.enabled(existing.id()));
        check(() -> users.requestEmailChange(existing.id(), email, ctx));
        check(() -> users.confirmEmailChange(code, ctx));
    }

    @Property(tries = 100)
    void profileAndList(@ForAll("text") String name, @ForAll("text") String query, @ForAll("numbers") int limit,
                        @ForAll("text") String cursor, @ForAll("contexts") CallContext ctx) {
        check(() -> portal.service(UserService.class).updateProfile(existing.id(), new ProfileUpdate(name, Map.of()),
                -1, ctx));
        check(() -> portal.service(UserService.class).list(UserQuery.all().matching(query), new PageRequest(cursor, limit)));
    }

    @Property(tries = 150)
    void navigation(@ForAll("text") String label, @ForAll("text") String url, @ForAll("text") String icon,
                    @ForAll("text") String role, @ForAll("numbers") int position, @ForAll("contexts") CallContext ctx) {
        List<String> roles = new ArrayList<>();
        roles.add(role);
        check(() -> portal.service(NavigationService.class).create(null, position,
                new NavItemInput(label, url, icon, roles, true, Map.of("k", String.valueOf(label))), ctx));
    }

    @Property(tries = 80)
    void settingsAndAudit(@ForAll("text") String key, @ForAll("text") String value, @ForAll("numbers") int number,
                          @ForAll("instants") Instant from, @ForAll("instants") Instant to, @ForAll("text") String action,
                          @ForAll("contexts") CallContext ctx) {
        check(() -> portal.service(SettingsService.class).set(key, value, ctx));
        check(() -> portal.service(SettingsService.class).set("hostile.limit", number, ctx));
        check(() -> portal.service(SettingsService.class).set(MOTD, value, ctx));
        check(() -> portal.service(ActivityLog.class).find(new ActivityQuery(null, null, null, action, from, to),
                PageRequest.first(5)));
    }

    /** The row count of every PortalKit table. */
    private static Map<String, Long> counts() {
        DataSource db = portal.dataSource();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t : Queries.tables(db, "portal")) {
            counts.put(t, Queries.number(db, "SELECT count(*) FROM portal.\"" + t + "\""));
        }
        return counts;
    }
}
