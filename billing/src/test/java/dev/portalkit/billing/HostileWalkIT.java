package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.ErrorCode;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every public method of every billing service, walked by reflection (so methods added later are walked
 * too) with extreme arguments, one at a time against valid ones: each argument, and each component of
 * each input record, set to nulls (inside records), empty, blank, NUL, broken UTF-16 and 100,000-character
 * strings, Long and Integer MIN/MAX, instants at MIN, MAX, EPOCH and one nanosecond past the storable
 * range, durations zero, negative and huge, hostile JSON. Whatever the outcome, only a PortalException
 * escapes, and a call that fails leaves every PortalKit table exactly as it was (row contents compared).
 * Plain {@code null} arguments are core's to refuse (its service proxy, PK-1042), so only the parameters
 * documented as nullable get one here.
 */
class HostileWalkIT {

    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();
    static final TestClock clock = new TestClock(NOW);

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, clock);

    /** Parameters whose {@code null} is documented (a default, or "none"). */
    static final Set<String> NULLABLE = Set.of("BookingService.hold.ttl", "BookingService.freeSlots.length",
            "BookingService.cancel.reason", "PaymentService.refund.reason",
            "PaymentService.findByIdempotencyKey.key", "PricingService.findByCode.code");

    static final List<Class<?>> SERVICES = List.of(PricingService.class, SubscriptionService.class, PaymentService.class,
            BookingService.class);

    private static Portal portal() {
        return kit.portal();
    }

    /** Valid things to act on, fresh for each method walked. */
    record Fixture(UUID customer, UUID provider, PricingTier tier, PricingTier pro, Subscription subscription,
                   Payment payment, Booking booking) {
    }

    private static Fixture fixture() {
        clock.set(NOW);
        UUID customer = BillingTests.user(portal(), "walk");
        UUID provider = BillingTests.user(portal(), "provider");
        PricingService pricing = portal().service(PricingService.class);
        PricingTier tier = pricing.create(TierInput.monthly(code(), "Basic", 1000, "USD"), CLIENT);
        PricingTier pro = pricing.create(TierInput.monthly(code(), "Pro", 3000, "USD"), CLIENT);
        Subscription s = portal().service(SubscriptionService.class)
                .subscribe(NewSubscription.of(customer, tier.id(), BillingTests.key()), CLIENT);
        PaymentService payments = portal().service(PaymentService.class);
        Payment p = payments.charge(ChargeRequest.of(customer, 10_000, "USD", "Order", BillingTests.key()), CLIENT);
        payments.refund(p.id(), 1000, BillingTests.key(), "partly", CLIENT); // sums of refunds meet huge amounts
        BookingService bookings = portal().service(BookingService.class);
        bookings.setAvailability(provider, AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00"))
                .withNotice(Duration.ZERO, Duration.ofDays(60)), CLIENT);
        Booking b = bookings.book(NewBooking.of(customer, provider, NOW.plus(Duration.ofDays(2)),
                NOW.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(30)), "UTC", "Walk"), CLIENT);
        return new Fixture(customer, provider, tier, pro, s, p, b);
    }

    private static String code() {
        return "w-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @TestFactory
    Stream<DynamicTest> everyPublicBillingMethodLetsOnlyPortalExceptionsOutAndWritesNothingWhenItFails() {
        return SERVICES.stream().flatMap(service -> Arrays.stream(service.getMethods())
                .sorted(Comparator.comparing(Method::getName).thenComparing(m -> m.getParameterCount()))
                .map(m -> DynamicTest.dynamicTest(service.getSimpleName() + "." + m.getName()
                        + Arrays.toString(m.getParameterTypes()), () -> walk(service, m))));
    }

    private void walk(Class<?> service, Method m) {
        Fixture f = fixture();
        Object target = portal().service(service);
        Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
            int at = i;
            String name = service.getSimpleName() + "." + m.getName() + "." + params[i].getName();
            List<UnaryOperator<Object>> variants = new ArrayList<>();
            for (Supplier<Object> extreme : extremes(params[i].getParameterizedType(), params[i].getType())) {
                variants.add(valid -> extreme.get());
            }
            if (NULLABLE.contains(name)) {
                variants.add(valid -> null);
            }
            if (params[i].getType().isRecord() && params[i].getType() != CallContext.class) {
                variants.addAll(recordVariants(params[i].getType()));
            }
            for (UnaryOperator<Object> variant : variants) {
                check(m, target, baseline(service, m, f), args -> args[at] = variant.apply(args[at]));
            }
            // A time range (from, to / newStart, newEnd): both ends moved together, near the ends of time.
            if (i + 1 < params.length && params[i].getType() == Instant.class && params[i + 1].getType() == Instant.class) {
                for (UnaryOperator<Instant[]> range : ranges()) {
                    check(m, target, baseline(service, m, f), args -> {
                        Instant[] r = range.apply(new Instant[] {(Instant) args[at], (Instant) args[at + 1]});
                        args[at] = r[0];
                        args[at + 1] = r[1];
                    });
                }
            }
        }
        check(m, target, baseline(service, m, f), args -> { }); // and the valid call itself
    }

    /**
     * Changes the valid arguments with {@code variant} and calls: only a PortalException may escape, and a
     * failure changes nothing. The valid arguments are built (and their fixtures written) before.
     */
    private static void check(Method m, Object target, Object[] args, Consumer<Object[]> variant) {
        String before = fingerprint();
        try {
            variant.accept(args); // building an input record is part of the public surface too
            m.invoke(target, args);
        } catch (InvocationTargetException e) {
            failure(m, args, e.getCause(), before);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (Throwable e) {
            failure(m, args, e, before);
        }
    }

    /** Ranges from a valid {start, end}: the whole of time, its two ends, the storable range's edges, 1 ns. */
    private static List<UnaryOperator<Instant[]>> ranges() {
        Duration day = Duration.ofDays(1);
        return List.of(
                r -> new Instant[] {Instant.MIN, Instant.MAX},
                r -> new Instant[] {Instant.MIN, Instant.MIN.plus(day)},
                r -> new Instant[] {Instant.MAX.minus(day), Instant.MAX},
                r -> new Instant[] {Validation.EARLIEST.minus(day), Validation.EARLIEST.plus(day)},
                r -> new Instant[] {Validation.LATEST.minus(day), Validation.LATEST.plus(day)},
                r -> new Instant[] {Validation.LATEST.minusSeconds(60), Validation.LATEST},
                r -> new Instant[] {r[0], r[0].plusNanos(1)},
                r -> new Instant[] {r[0].plusNanos(1), r[0].plusNanos(499)},
                r -> new Instant[] {r[1], r[0]});
    }

    /** Errors that mean the database met input the Java side should have refused or mapped. */
    static final Set<ErrorCode> UNDECIDED = Set.of(CoreError.DATABASE_ERROR, CoreError.DUPLICATE,
            CoreError.REFERENCE_VIOLATION, CoreError.EXCLUSION_VIOLATION);

    private static void failure(Method m, Object[] args, Throwable e, String before) {
        if (!(e instanceof PortalException p)) {
            fail(m.getName() + describe(args) + " let " + e + " escape", e);
            return;
        }
        if (UNDECIDED.contains(p.code())) {
            fail(m.getName() + describe(args) + " failed in the database: " + e, e);
        }
        if (p instanceof ValidationException && fromDatabase(p)) {
            // e.g. a CHECK constraint's name instead of the field: the value was validated as it was not stored
            fail(m.getName() + describe(args) + " was refused by the database, not validated: " + e, e);
        }
        assertThat(fingerprint()).as(() -> m.getName() + describe(args) + " failed with " + e.getMessage()
                + " but changed rows").isEqualTo(before);
    }

    private static boolean fromDatabase(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Object[] args) {
        if (args == null) {
            return "(while building its arguments)";
        }
        StringBuilder b = new StringBuilder("(");
        for (Object a : args) {
            String s;
            try {
                s = String.valueOf(a);
            } catch (StackOverflowError deep) {
                s = a.getClass().getSimpleName() + " nested too deep to print";
            }
            b.append(s.length() > 120 ? s.substring(0, 120) + "...[" + s.length() + " chars]" : s).append(", ");
        }
        return b.append(")").toString();
    }

    /** Every row of every PortalKit table, hashed: any insert, update or delete changes it. */
    private static String fingerprint() {
        List<String> tables = Queries.tables(portal().dataSource(), "portal").stream()
                .filter(t -> !t.startsWith("portalkit_")).toList();
        StringBuilder sql = new StringBuilder("SELECT concat_ws(' '");
        for (String t : tables) {
            sql.append(", '").append(t).append("=', (SELECT count(*) || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)"
                    + " FROM portal.\"").append(t).append("\" x)");
        }
        return Queries.column(portal().dataSource(), sql.append(")").toString()).get(0);
    }

    // ------------------------------------------------------------------------------------------
    // valid arguments

    private static Object[] baseline(Class<?> service, Method m, Fixture f) {
        Parameter[] params = m.getParameters();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = valid(service.getSimpleName() + "." + m.getName(), params[i], f);
        }
        return args;
    }

    private static Object valid(String method, Parameter p, Fixture f) {
        Class<?> type = p.getType();
        String name = p.getName();
        if (type == UUID.class) {
            return switch (name) {
                case "userId", "customerId" -> f.customer();
                case "providerId" -> f.provider();
                case "paymentId" -> f.payment().id();
                case "newTierId" -> f.pro().id();
                default -> method.startsWith("PricingService") ? f.tier().id()
                        : method.startsWith("SubscriptionService") ? f.subscription().id()
                        : method.startsWith("PaymentService") ? f.payment().id() : f.booking().id();
            };
        }
        if (type == String.class) {
            return switch (name) {
                case "code" -> f.tier().code();
                case "key" -> f.payment().idempotencyKey();
                case "reason" -> "walk";
                default -> BillingTests.key(); // idempotency keys: fresh, so the valid call does its work
            };
        }
        if (type == long.class) {
            return switch (name) {
                case "amountMinor" -> 100L;
                default -> 1L; // expected versions of a fresh fixture
            };
        }
        if (type == int.class) {
            return 10;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == Instant.class) {
            return switch (name) {
                case "newStart", "from" -> NOW.plus(Duration.ofDays(3));
                case "newEnd" -> NOW.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(30));
                case "to" -> NOW.plus(Duration.ofDays(10));
                default -> NOW;
            };
        }
        if (type == Duration.class) {
            return Duration.ofMinutes(30);
        }
        if (type == CallContext.class) {
            return CLIENT;
        }
        if (type == PageRequest.class) {
            return PageRequest.first(10);
        }
        if (type == NewSubscription.class) {
            return NewSubscription.of(BillingTests.user(portal(), "sub"), f.tier().id(), BillingTests.key());
        }
        if (type == GatewayResult.class) { // settle with a fresh key: no payment has it, nothing is written
            return GatewayResult.approved("ch_walk");
        }
        if (type == ChargeRequest.class) {
            return ChargeRequest.of(f.customer(), 700, "USD", "Walk", BillingTests.key());
        }
        if (type == TierInput.class) {
            return TierInput.monthly(code(), "Walk", 500, "USD");
        }
        if (type == NewBooking.class) {
            Instant start = NOW.plus(Duration.ofDays(4));
            return NewBooking.of(f.customer(), f.provider(), start, start.plus(Duration.ofMinutes(30)), "UTC", "Walk");
        }
        if (type == AvailabilityInput.class) {
            return AvailabilityInput.weekdays("Europe/Paris", TimeRange.of("09:00", "17:00"));
        }
        if (type == ChangePreview.class) { // to a tier of its own: an earlier valid call may have moved it to pro
            PricingTier max = portal().service(PricingService.class).create(TierInput.monthly(code(), "Max", 5000, "USD"), CLIENT);
            return portal().service(SubscriptionService.class).previewChange(f.subscription().id(), max.id());
        }
        throw new IllegalStateException("No valid value for " + type + " " + name + " of " + method + ": add one");
    }

    // ------------------------------------------------------------------------------------------
    // extreme arguments

    private static List<Supplier<Object>> extremes(Type generic, Class<?> type) {
        List<Object> values = new ArrayList<>();
        if (type == UUID.class) {
            values.addAll(List.of(UUID.randomUUID(), new UUID(0, 0)));
        } else if (type == String.class) {
            values.addAll(strings());
        } else if (type == long.class) {
            values.addAll(List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE));
        } else if (type == int.class) {
            values.addAll(List.of(Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE));
        } else if (type == boolean.class) {
            values.addAll(List.of(true, false));
        } else if (type == Instant.class) {
            values.addAll(instants());
        } else if (type == Duration.class) {
            values.addAll(durations());
        } else if (type == ZoneId.class) {
            values.addAll(List.of(ZoneOffset.MAX, ZoneOffset.MIN, ZoneId.of("Pacific/Kiritimati")));
        } else if (type == CallContext.class) {
            values.addAll(List.of(CallContext.system("walk"), CallContext.anonymous(null, null),
                    CallContext.of(UUID.randomUUID(), "203.0.113.7", "walker")));
        } else if (type == PageRequest.class) {
            return List.of(() -> PageRequest.first(1), () -> PageRequest.first(PageRequest.MAX_LIMIT),
                    () -> new PageRequest(Cursors.encode(Instant.MAX, UUID.randomUUID()), 10),
                    () -> new PageRequest(Cursors.encode("+300000-01-01T00:00:00Z", UUID.randomUUID()), 10),
                    () -> new PageRequest("not-a-cursor", 10), () -> new PageRequest(null, Integer.MAX_VALUE),
                    () -> new PageRequest(null, Integer.MIN_VALUE));
        } else if (type.isEnum()) {
            values.addAll(Arrays.asList(type.getEnumConstants()));
        } else if (type == Map.class) {
            return maps(generic);
        } else if (type == List.class) {
            return lists(generic);
        }
        List<Supplier<Object>> out = new ArrayList<>();
        for (Object v : values) {
            out.add(() -> v);
        }
        return out;
    }

    /** The same kind of value, possibly {@code null}, as a record component. */
    private static List<Supplier<Object>> componentExtremes(RecordComponent c) {
        List<Supplier<Object>> out = new ArrayList<>(extremes(c.getGenericType(), c.getType()));
        if (!c.getType().isPrimitive()) {
            out.add(() -> null);
        }
        return out;
    }

    /**
     * The valid record with one component at a time replaced by each extreme, and each pair of adjacent
     * instants (startsAt, endsAt) by each of the {@link #ranges()}.
     */
    private static List<UnaryOperator<Object>> recordVariants(Class<?> type) {
        List<UnaryOperator<Object>> out = new ArrayList<>();
        RecordComponent[] components = type.getRecordComponents();
        for (int j = 0; j < components.length; j++) {
            int at = j;
            for (Supplier<Object> extreme : componentExtremes(components[j])) {
                out.add(valid -> with(type, valid, values -> values[at] = extreme.get()));
            }
            if (j + 1 < components.length && components[j].getType() == Instant.class
                    && components[j + 1].getType() == Instant.class) {
                for (UnaryOperator<Instant[]> range : ranges()) {
                    out.add(valid -> with(type, valid, values -> {
                        Instant[] r = range.apply(new Instant[] {(Instant) values[at], (Instant) values[at + 1]});
                        values[at] = r[0];
                        values[at + 1] = r[1];
                    }));
                }
            }
        }
        return out;
    }

    /** A copy of the record {@code valid} with its component values changed by {@code change}. */
    private static Object with(Class<?> type, Object valid, Consumer<Object[]> change) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int k = 0; k < components.length; k++) {
            values[k] = read(components[k], valid);
        }
        change.accept(values);
        return construct(type, components, values);
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // the record refused the value: checked like any escape
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> strings() {
        return List.of("", " ", "\u0000", "a\u0000b", "\uD800", "\uDC00x", "x".repeat(201), "x".repeat(100_000),
                "'; DROP TABLE portal.payments; --", "renewal:x", "${schema}", "#{x}", "Europe/Nowhere", "USD",
                "ZZZ", "XAU");
    }

    private static List<Object> instants() {
        return List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Validation.EARLIEST.minusNanos(1),
                Validation.LATEST.plusNanos(1), NOW.plusNanos(1), NOW.plus(Duration.ofDays(3)).plusNanos(499),
                Instant.ofEpochSecond(Instant.MAX.getEpochSecond(), 999_999_999));
    }

    private static List<Object> durations() {
        return List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofNanos(1), Duration.ofDays(-1),
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE),
                Duration.ofMinutes(30).plusNanos(1), Duration.ofDays(36_500));
    }

    private static List<Supplier<Object>> maps(Type generic) {
        Type key = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : String.class;
        if (key == String.class) {
            return List.of(() -> Map.of("x", Double.NaN), () -> Map.of("x", Double.POSITIVE_INFINITY),
                    () -> Map.of("\u0000", 1), () -> Map.of("x", "\uD800"), () -> Map.of("x", "y".repeat(100_000)),
                    HostileWalkIT::deep, () -> Map.of("n", Long.MIN_VALUE, "list", List.of(Map.of("k", List.of()))));
        }
        Object day = key == DayOfWeek.class ? DayOfWeek.MONDAY : LocalDate.of(2026, 3, 9);
        Object far = key == DayOfWeek.class ? DayOfWeek.SUNDAY : LocalDate.MAX;
        return List.of(() -> single(day, null), () -> single(null, List.of()), () -> single(day, listOfNull()),
                () -> single(far, List.of(TimeRange.of("00:00", "00:00"), TimeRange.of("00:00", "00:00"))),
                () -> single(key == DayOfWeek.class ? DayOfWeek.FRIDAY : LocalDate.MIN,
                        List.of(TimeRange.of("17:00", "09:00"))));
    }

    private static List<Supplier<Object>> lists(Type generic) {
        return List.of(HostileWalkIT::listOfNull, () -> List.of(new LineItem(null, Long.MIN_VALUE)),
                () -> List.of(new LineItem("x".repeat(100_000), Long.MAX_VALUE), new LineItem("", Long.MAX_VALUE)));
    }

    private static <K> Map<K, Object> single(K key, Object value) {
        Map<K, Object> m = new HashMap<>();
        m.put(key, value);
        return m;
    }

    private static List<Object> listOfNull() {
        List<Object> l = new ArrayList<>();
        l.add(null);
        return l;
    }

    /** JSON nested 10,000 levels deep. */
    private static Map<String, Object> deep() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("a", m);
            m = outer;
        }
        return m;
    }
}
