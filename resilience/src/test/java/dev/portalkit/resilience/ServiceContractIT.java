package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.TierInput;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Nullable;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.core.ValidationException;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's error and transaction contracts, walked over every public method of every service
 * of every module (found by reflection, so a method added later is walked too), with {@code null}
 * and extreme values in each parameter and in each component of each input record:
 * <ul>
 *   <li>nothing but a {@link PortalException} escapes, and never "unexpected" (PK-1040, PK-1043);</li>
 *   <li>{@code null} where the interface does not say {@link Nullable} is a {@link ValidationException}
 *       naming the parameter;</li>
 *   <li>a {@link ValidationException} changed no row of any PortalKit table;</li>
 *   <li>the same failing call inside {@code portal.inTransaction}, caught by the host, rolls the whole
 *       transaction back (PK-1041) and undoes the host's earlier work;</li>
 *   <li>the same failing call inside {@code portal.joining} on a plain JDBC host's connection, after a row
 *       of the host's own, caught by the host: {@code joining} ends with PK-1041 and the host's commit
 *       leaves neither its row nor anything of PortalKit's (the call ran on the host's connection, or
 *       wrote nowhere else).</li>
 * </ul>
 */
class ServiceContractIT {

    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "contract walk");
    static final Setting<String> MARKER = Setting.string("walk.marker", "unset");
    static final Setting<String> PLAIN = Setting.string("walk.plain", "x");
    /** The services PortalKit ships: the scan must find at least these, or it found nothing. */
    static final Set<String> EXPECTED = Set.of("SettingsService", "NavigationService", "ActivityLog", "UserService",
            "AuthService", "PasswordResetService", "UserSettingsService", "PricingService", "SubscriptionService",
            "PaymentService", "BookingService", "ResourceService", "TimelineService", "FormService",
            "EmailTemplateService", "EmailService", "MessageService", "StripeWebhooks");

    static TestDatabase db;
    static Portal portal;
    static Tables tables;
    /** The plain JDBC host's one connection (its own DataSource, not the Portal's pool), in manual commit. */
    static Connection host;
    static final List<UUID> knownIds = new ArrayList<>();
    /** Arguments that hold JSON PortalKit cannot store as given (NaN, broken UTF-16, too deep...): always refused. */
    static final Set<Object> MUST_REFUSE = Collections.newSetFromMap(new IdentityHashMap<>());

    @BeforeAll
    static void start() {
        List<PortalModule> modules = AllModules.list(PLAIN);
        db = TestDatabases.migrated("portal", modules);
        portal = AllModules.open(db, modules, MARKER, PLAIN);
        tables = new Tables(portal.dataSource());
        UserService users = portal.service(UserService.class);
        UUID customer = users.register(NewUser.member("walk-customer@example.com", "correct horse battery", "Customer"), WHO).id();
        UUID provider = users.register(NewUser.member("walk-provider@example.com", "correct horse battery", "Provider"), WHO).id();
        portal.service(BookingService.class).setAvailability(provider,
                AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "23:59")), WHO);
        UUID tier = portal.service(PricingService.class).create(TierInput.monthly("walk", "Walk", 900, "EUR"), WHO).id();
        UUID payment = portal.service(PaymentService.class)
                .charge(ChargeRequest.of(customer, 10_000, "EUR", "Seed", "walk-seed"), WHO).id();
        UUID card = portal.service(ResourceService.class).create(CardInput.of("Walk card", "Body"), WHO).id();
        portal.service(EmailTemplateService.class).create("walk", "en",
                TemplateContent.of("Hi {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}", "name"), WHO);
        knownIds.addAll(List.of(customer, provider, tier, payment, card));
        try (Connection c = db.directDataSource().getConnection(); Statement s = c.createStatement()) {
            // The host's own table, made by the owner and granted, as a runtime role may create nothing.
            s.execute("CREATE SCHEMA host_app");
            s.execute("CREATE TABLE host_app.walk (id bigserial PRIMARY KEY, marker text NOT NULL)");
            if (db.username() != null && !db.username().equals(db.ownerUsername())) {
                s.execute("GRANT USAGE ON SCHEMA host_app TO \"" + db.username() + "\"");
                s.execute("GRANT SELECT, INSERT ON host_app.walk TO \"" + db.username() + "\"");
                s.execute("GRANT USAGE ON SEQUENCE host_app.walk_id_seq TO \"" + db.username() + "\"");
            }
            host = db.dataSource().getConnection();
            host.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            AllModules.close(portal, db);
        }
    }

    @Test
    void everyServiceMethodAnswersNullsAndExtremesWithTypedErrorsAndAFailureRollsBackTheHostsTransaction() throws Exception {
        List<Class<?>> services = services();
        assertThat(services.stream().map(Class::getSimpleName).toList())
                .as("service interfaces found on the class path").containsAll(EXPECTED);

        Walk walk = new Walk();
        for (Class<?> type : services) {
            Object service = portal.service(type);
            Method[] methods = type.getMethods();
            Arrays.sort(methods, Comparator.comparing(Method::toGenericString));
            for (Method m : methods) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    walk.method(type, service, m);
                }
            }
        }
        System.out.printf("contract walk: %d calls over %d methods of %d services; %d refused, %d rolled back in"
                + " inTransaction, %d in a joined JDBC transaction%n", walk.calls, walk.methods, services.size(),
                walk.refused, walk.rolledBack, walk.joinedRolledBack);
        assertThat(walk.calls).as("calls made").isGreaterThan(1000);
        assertThat(walk.rolledBack).as("failures re-run inside inTransaction").isGreaterThan(100);
        assertThat(walk.joinedRolledBack).as("failures re-run inside joining").isGreaterThan(100);
        assertThat(walk.violations).as("contract violations (method, arguments, what happened)").isEmpty();
    }

    /**
     * A host builds input records from its users' input, so their constructors keep the same contract:
     * every record a service method takes (and every record inside one) refuses a bad component with a
     * PortalException, never a NullPointerException.
     */
    @Test
    void everyInputRecordRefusesBadComponentsWithTypedErrorsOnly() throws Exception {
        List<String> violations = new ArrayList<>();
        int built = 0;
        Set<Class<?>> inputs = new TreeSet<>(Comparator.comparing(Class::getName));
        for (Class<?> service : services()) {
            for (Method m : service.getMethods()) {
                for (Parameter p : m.getParameters()) {
                    collectRecords(p.getType(), p.getParameterizedType(), inputs);
                }
            }
        }
        assertThat(inputs).as("input records found").hasSizeGreaterThan(20);
        for (Class<?> type : inputs) {
            RecordComponent[] cs = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(cs).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            for (int c = 0; c < cs.length; c++) {
                for (Object v : Arguments.extremes(cs[c].getType(), cs[c].getGenericType())) {
                    Object[] values = new Object[cs.length];
                    for (int i = 0; i < cs.length; i++) {
                        values[i] = i == c ? v : Arguments.sane(cs[i].getType(), cs[i].getGenericType(), 1);
                        if (values[i] == null && types[i].isPrimitive()) {
                            values[i] = types[i] == boolean.class ? false : 0;
                        }
                    }
                    built++;
                    try {
                        ctor.newInstance(values);
                    } catch (InvocationTargetException e) {
                        if (!(e.getCause() instanceof PortalException)) {
                            violations.add("new " + type.getSimpleName() + "(" + cs[c].getName() + " = " + Arguments.show(v)
                                    + "): " + e.getCause());
                        }
                    }
                }
            }
        }
        System.out.printf("record walk: %d input records, %d built%n", inputs.size(), built);
        assertThat(built).as("records built").isGreaterThan(200);
        assertThat(violations).as("input records that threw something other than a PortalException").isEmpty();
    }

    private static void collectRecords(Class<?> t, Type g, Set<Class<?>> out) {
        if (g instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                if (a instanceof Class<?> c) {
                    collectRecords(c, c, out);
                } else if (a instanceof ParameterizedType pa && pa.getRawType() instanceof Class<?> raw) {
                    collectRecords(raw, pa, out);
                }
            }
        }
        if (t.isRecord() && t.getName().startsWith("dev.portalkit.") && out.add(t)) {
            for (RecordComponent c : t.getRecordComponents()) {
                collectRecords(c.getType(), c.getGenericType(), out);
            }
        }
    }

    /** Walks one method at a time; collects every violation instead of stopping at the first. */
    static final class Walk {
        final Set<String> violations = new TreeSet<>();
        int calls;
        int methods;
        int refused;
        int rolledBack;
        int joinedRolledBack;
        private long lastXmax = -1;
        private Map<String, Tables.State> lastSnapshot;
        private int marker;

        void method(Class<?> type, Object service, Method m) {
            methods++;
            Parameter[] ps = m.getParameters();
            for (int i = 0; i < ps.length; i++) {
                for (Object value : Arguments.extremes(ps[i].getType(), ps[i].getParameterizedType())) {
                    Object[] args = Arguments.sane(ps);
                    args[i] = value;
                    call(type, service, m, args, i);
                }
            }
            if (ps.length == 0) {
                call(type, service, m, new Object[0], -1);
            }
        }

        private void call(Class<?> type, Object service, Method m, Object[] args, int varied) {
            calls++;
            String what = type.getSimpleName() + "." + m.getName() + describe(args);
            long before = xmax();
            Throwable thrown = invoke(service, m, args);
            boolean mustRefuse = varied >= 0 && args[varied] != null && MUST_REFUSE.contains(args[varied]);
            if (mustRefuse && !(thrown instanceof ValidationException)) {
                violations.add(what + ": JSON that cannot round-trip gave " + (thrown == null ? "success" : thrown.toString()));
            }
            if (thrown == null) {
                if (varied >= 0 && args[varied] == null && !nullable(m, varied)) {
                    violations.add(what + ": null " + m.getParameters()[varied].getName() + " was accepted");
                }
                return;
            }
            if (!(thrown instanceof PortalException pe)) {
                violations.add(what + ": threw " + thrown);
                return;
            }
            if (pe.code() == CoreError.INTERNAL_ERROR || pe.code() == CoreError.DATABASE_ERROR) {
                violations.add(what + ": " + pe.getMessage() + (pe.getCause() == null ? "" : " caused by " + pe.getCause()));
            }
            if (varied >= 0 && args[varied] == null && !nullable(m, varied)) {
                String name = m.getParameters()[varied].getName();
                if (!(pe instanceof ValidationException ve) || !ve.hasError(name)) {
                    violations.add(what + ": null " + name + " gave " + pe.getMessage());
                }
            }
            if (pe instanceof ValidationException) {
                refused++;
                if (xmax() != before) { // something wrote: compare every table with the last snapshot
                    Map<String, Tables.State> after = tables.snapshot();
                    Set<String> changed = Tables.changed(lastSnapshot, after);
                    if (!changed.isEmpty()) {
                        violations.add(what + ": refused (" + pe.getMessage() + ") but changed " + changed);
                    }
                    refresh();
                }
            }
            inJoinedTransaction(what, service, m, args);
            inHostTransaction(what, service, m, args);
        }

        /**
         * The same failing call in a plain JDBC host's transaction: a row of the host's own first, the
         * call through {@code portal.joining}, caught, then the host's commit. PortalKit's statements ran
         * on that connection, so the host's row being gone shows they are gone too; one transaction more
         * than the host's (xmax moved by more than one) means something was written elsewhere, and then
         * every PortalKit table is compared.
         */
        private void inJoinedTransaction(String what, Object service, Method m, Object[] args) {
            long before = xmax(); // refreshes the snapshot if anything committed since it was taken
            String value = "walk-" + (++marker);
            Throwable[] inside = new Throwable[1];
            Throwable outcome = null;
            long hostRows;
            try {
                try (java.sql.PreparedStatement ps = host.prepareStatement("INSERT INTO host_app.walk (marker) VALUES (?)")) {
                    ps.setString(1, value);
                    ps.executeUpdate();
                }
                try {
                    portal.joining(host, () -> {
                        inside[0] = invoke(service, m, args);
                    });
                } catch (RuntimeException e) {
                    outcome = e;
                }
                host.commit(); // after a failed call PostgreSQL answers it with a ROLLBACK
                try (java.sql.PreparedStatement ps = host.prepareStatement("SELECT count(*) FROM host_app.walk WHERE marker = ?")) {
                    ps.setString(1, value);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        hostRows = rs.getLong(1);
                    }
                }
                host.commit();
            } catch (SQLException e) {
                violations.add(what + " inside joining: the host's connection failed: " + e);
                try {
                    host.rollback();
                } catch (SQLException ignored) {
                    // reported above
                }
                return;
            }
            if (inside[0] == null) {
                return; // it succeeded this time: the host committed it with its row
            }
            joinedRolledBack++;
            if (!(outcome instanceof PortalException pe) || pe.code() != CoreError.TRANSACTION_ROLLED_BACK) {
                violations.add(what + " inside joining, caught: joining ended with "
                        + (outcome == null ? "nothing" : outcome.toString()) + " instead of PK-1041");
            }
            if (hostRows != 0) {
                violations.add(what + " inside joining, caught: the host's commit kept its row (and PortalKit's work)");
            }
            if (rawXmax() - before > 1) {
                Set<String> changed = Tables.changed(lastSnapshot, tables.snapshot());
                if (!changed.isEmpty()) {
                    violations.add(what + " inside joining, caught: written outside the host's transaction: " + changed);
                }
                refresh();
            }
        }

        /** The same failing call, caught inside inTransaction after a write of the host's own. */
        private void inHostTransaction(String what, Object service, Method m, Object[] args) {
            SettingsService settings = portal.service(SettingsService.class);
            String value = "walk-" + (++marker);
            Throwable[] inside = new Throwable[1];
            Throwable outcome = null;
            try {
                portal.inTransaction(() -> {
                    settings.set(MARKER, value, WHO);
                    inside[0] = invoke(service, m, args);
                });
            } catch (RuntimeException e) {
                outcome = e;
            }
            if (inside[0] == null) {
                return; // it succeeded this time (state moved on): nothing to roll back
            }
            rolledBack++;
            if (!(outcome instanceof PortalException pe) || pe.code() != CoreError.TRANSACTION_ROLLED_BACK) {
                violations.add(what + " inside inTransaction, caught: the transaction ended with "
                        + (outcome == null ? "a commit" : outcome.toString()) + " instead of PK-1041");
            }
            if (settings.get(MARKER).equals(value)) {
                violations.add(what + " inside inTransaction, caught: the host's earlier write was committed");
            }
        }

        private static Throwable invoke(Object service, Method m, Object[] args) {
            try {
                m.invoke(service, args);
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private static boolean nullable(Method m, int i) {
            return m.getParameters()[i].isAnnotationPresent(Nullable.class);
        }

        /** The next transaction id to be assigned: unchanged means no transaction wrote anything. */
        private long xmax() {
            long x = rawXmax();
            if (x != lastXmax) {
                lastXmax = x;
                refresh();
            }
            return x;
        }

        /** {@link #xmax()} without refreshing the snapshot. */
        private static long rawXmax() {
            try (Connection c = portal.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private void refresh() {
            lastSnapshot = tables.snapshot();
        }

        private static String describe(Object[] args) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < args.length; i++) {
                b.append(i == 0 ? "" : ", ").append(Arguments.show(args[i]));
            }
            return b.append(")").toString();
        }
    }

    /** Sane and extreme values by declared type. */
    static final class Arguments {

        static final String LONG_TEXT = "x".repeat(100_000);

        static Object[] sane(Parameter[] ps) {
            Object[] args = new Object[ps.length];
            for (int i = 0; i < ps.length; i++) {
                args[i] = sane(ps[i].getType(), ps[i].getParameterizedType(), 0);
            }
            return args;
        }

        static Object sane(Class<?> t, Type g, int depth) {
            if (t == CallContext.class) {
                return WHO;
            }
            if (t == PageRequest.class) {
                return PageRequest.first(10);
            }
            if (t == Setting.class) {
                return PLAIN;
            }
            if (t == String.class) {
                return "walk-value";
            }
            if (t == UUID.class) {
                return knownIds.get(0);
            }
            if (t == int.class || t == Integer.class) {
                return 1;
            }
            if (t == long.class || t == Long.class) {
                return 1L;
            }
            if (t == boolean.class || t == Boolean.class) {
                return false;
            }
            if (t == Instant.class) {
                return Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
            }
            if (t == Duration.class) {
                return Duration.ofMinutes(30);
            }
            if (t.isEnum()) {
                return t.getEnumConstants()[0];
            }
            if (Map.class.isAssignableFrom(t)) {
                return Map.of();
            }
            if (Collection.class.isAssignableFrom(t)) {
                return List.of();
            }
            if (t == Object.class) {
                return "walk-value";
            }
            if (t.isRecord() && depth < 3) {
                return record(t, depth, -1, null);
            }
            return null;
        }

        /** {@code null} (for references), then values at and past every edge of the type. */
        static List<Object> extremes(Class<?> t, Type g) {
            List<Object> out = new ArrayList<>();
            if (!t.isPrimitive()) {
                out.add(null);
            }
            if (t == String.class) {
                out.addAll(List.of("", "   ", LONG_TEXT, "nul\0byte", "broken\uD800surrogate", "İ@example.com",
                        "'; DROP TABLE portal.users; --", "<script>alert(1)</script>"));
            } else if (t == UUID.class) {
                out.add(UUID.randomUUID());
                out.add(new UUID(0, 0));
                out.addAll(knownIds);
            } else if (t == int.class || t == Integer.class) {
                out.addAll(List.of(Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE));
            } else if (t == long.class || t == Long.class) {
                out.addAll(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE));
            } else if (t == Instant.class) {
                out.addAll(List.of(Instant.MIN, Instant.MAX, Instant.MIN.plusSeconds(86_400), Instant.MAX.minusSeconds(86_400),
                        Instant.parse("+294276-12-31T00:00:00Z"), Instant.EPOCH, Instant.parse("1899-12-31T23:59:59.999999999Z"),
                        Instant.now().plusNanos(1)));
            } else if (t == Duration.class) {
                out.addAll(List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofSeconds(-1),
                        Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofDays(100_000)));
            } else if (t.isEnum()) {
                out.addAll(Arrays.asList(t.getEnumConstants()));
            } else if (t == boolean.class || t == Boolean.class) {
                out.add(true);
            } else if (Map.class.isAssignableFrom(t)) {
                out.addAll(hostileMaps(g));
            } else if (Collection.class.isAssignableFrom(t)) {
                out.addAll(hostileLists(g));
            } else if (t == Object.class) {
                out.addAll(List.of(Double.NaN, new Object(), hostileJson().get(0)));
            } else if (t.isRecord() && t != CallContext.class && t != PageRequest.class && t != Setting.class) {
                RecordComponent[] cs = t.getRecordComponents();
                for (int c = 0; c < cs.length; c++) {
                    for (Object v : extremes(cs[c].getType(), cs[c].getGenericType())) {
                        Object r = record(t, 0, c, v);
                        if (r != null) {
                            out.add(r);
                            if (v != null && MUST_REFUSE.contains(v)) {
                                MUST_REFUSE.add(r);
                            }
                        }
                    }
                }
            }
            return out;
        }

        /** A record of sane components but component {@code at}, which is {@code value}; null if refused. */
        static Object record(Class<?> t, int depth, int at, Object value) {
            RecordComponent[] cs = t.getRecordComponents();
            Object[] values = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                values[i] = i == at ? value : sane(cs[i].getType(), cs[i].getGenericType(), depth + 1);
                if (values[i] == null && types[i].isPrimitive()) {
                    return null;
                }
            }
            try {
                Constructor<?> ctor = t.getDeclaredConstructor(types);
                return ctor.newInstance(values);
            } catch (InvocationTargetException e) {
                return null; // the record refused it itself: the host never gets to call with it
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        static List<Object> hostileMaps(Type g) {
            if (g instanceof ParameterizedType p && p.getActualTypeArguments()[0] != String.class) {
                return List.of(Map.of()); // not a JSON map (e.g. hours by DayOfWeek)
            }
            return hostileJson();
        }

        static List<Object> hostileJson() {
            Map<String, Object> deep = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                deep = new HashMap<>(Map.of("x", deep));
            }
            Map<String, Object> withNull = new LinkedHashMap<>();
            withNull.put("k", null);
            Map<String, Object> many = new LinkedHashMap<>();
            for (int i = 0; i < 20_000; i++) {
                many.put("k" + i, i);
            }
            List<Object> refused = List.of(Map.of("n", Double.NaN), Map.of("i", Double.POSITIVE_INFINITY),
                    Map.of("l", List.of(1, Float.NEGATIVE_INFINITY)), Map.of("s", "\uDC00"), Map.of("\uD800", 1),
                    Map.of("nul", "a\0b"), deep, many, Map.of("id", UUID.randomUUID()));
            MUST_REFUSE.addAll(refused);
            List<Object> out = new ArrayList<>(refused);
            out.add(withNull);
            return out;
        }

        static List<Object> hostileLists(Type g) {
            Type element = g instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            List<Object> withNull = new ArrayList<>();
            withNull.add(null);
            List<Object> out = new ArrayList<>(List.of(List.of(), withNull));
            if (element == UUID.class) {
                out.add(Collections.nCopies(3, knownIds.get(0)));
                List<UUID> many = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    many.add(UUID.randomUUID());
                }
                out.add(many);
            } else if (element == String.class) {
                out.add(List.of("", LONG_TEXT, "broken\uD800"));
                out.add(Collections.nCopies(10_000, "ADMIN"));
            }
            return out;
        }

        /** A short description that never calls toString on a map or record (one may nest 10,000 deep). */
        static String show(Object o) {
            if (o == null) {
                return "null";
            }
            if (o instanceof Map<?, ?> m) {
                return "Map(" + m.size() + " keys" + (m.size() == 1 ? ": " + m.keySet().iterator().next() : "") + ")";
            }
            if (o instanceof Collection<?> c) {
                return "List(" + c.size() + ")";
            }
            if (o instanceof Record r && !(o instanceof CallContext)) {
                StringBuilder b = new StringBuilder(o.getClass().getSimpleName()).append("[");
                RecordComponent[] cs = o.getClass().getRecordComponents();
                for (int i = 0; i < cs.length; i++) {
                    try {
                        b.append(i == 0 ? "" : ", ").append(show(cs[i].getAccessor().invoke(r)));
                    } catch (ReflectiveOperationException e) {
                        b.append("?");
                    }
                }
                return b.append("]").toString();
            }
            String s = String.valueOf(o).replace("\0", "\\0");
            return s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + ")" : s;
        }
    }

    // ------------------------------------------------------------------------ service discovery

    /** Every public interface of PortalKit's module packages that the Portal serves. */
    static List<Class<?>> services() throws IOException, URISyntaxException {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : publicTypes()) {
            if (!c.isInterface() || c.isAnnotation()) {
                continue;
            }
            try {
                portal.service(c);
                out.add(c);
            } catch (PortalException notAService) {
                // a host SPI (PaymentGateway, EmailSender, ...) or a value interface
            }
        }
        return out;
    }

    /** Core's package and each installed module's: a new module is walked without editing this test. */
    static final String MODULE_PACKAGES = "dev\\.portalkit\\.(core|" + AllModules.list().stream().map(PortalModule::name)
            .collect(java.util.stream.Collectors.joining("|")) + ")\\..*";

    /** Every public type of PortalKit's module packages, outside internal and spi. */
    static List<Class<?>> publicTypes() throws IOException, URISyntaxException {
        Set<String> names = new TreeSet<>();
        Enumeration<URL> roots = ServiceContractIT.class.getClassLoader().getResources("dev/portalkit");
        while (roots.hasMoreElements()) {
            URL root = roots.nextElement();
            if (root.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) root.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String n = e.nextElement().getName();
                        if (n.startsWith("dev/portalkit/") && n.endsWith(".class")) {
                            names.add(n);
                        }
                    }
                }
            } else if (root.getProtocol().equals("file")) {
                Path dir = Path.of(root.toURI());
                Path base = dir.getParent().getParent();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p -> names.add(base.relativize(p).toString().replace('\\', '/')));
                }
            }
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            String cls = n.substring(0, n.length() - ".class".length()).replace('/', '.');
            if (cls.contains(".internal.") || cls.contains(".spi.") || cls.contains("$")
                    || !cls.matches(MODULE_PACKAGES)) {
                continue;
            }
            Class<?> c;
            try {
                c = Class.forName(cls, false, ServiceContractIT.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (Modifier.isPublic(c.getModifiers())) {
                out.add(c);
            }
        }
        return out;
    }
}
