package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.ProfileUpdate;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingInterval;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.TierInput;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ContentModule;
import dev.portalkit.content.FormService;
import dev.portalkit.content.NewSubmission;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.TimelineItemInput;
import dev.portalkit.content.TimelineKey;
import dev.portalkit.content.TimelineKind;
import dev.portalkit.content.TimelineService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README, "JSON values": what a host stores in any JSON field of any module (metadata, features,
 * form fields, audit metadata) reads back equal, and what could not (NaN, infinity, broken UTF-16)
 * is refused on that field with nothing written. Before the one JSON rule, NaN came back as the
 * string "NaN" and a lone surrogate as "?" in a dozen input records.
 */
class JsonFidelityIT {

    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "json fidelity");
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()),
                    new ContentModule())
            .build();

    /** Every kind of JSON value, with text that needs escaping and keys jsonb will reorder. */
    static Map<String, Object> rich() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "héllo 😀 \"quoted\" \\ back\nslash </script>");
        m.put("int", 1);
        m.put("negative", -42);
        m.put("long", Long.MAX_VALUE);
        m.put("minLong", Long.MIN_VALUE);
        m.put("big", new BigInteger("123456789012345678901234567890"));
        m.put("double", 0.1);
        m.put("tiny", 1.0E-7);
        m.put("huge", 1.0E300);
        m.put("exponent", 1.5E10);
        m.put("maxDouble", Double.MAX_VALUE);
        m.put("minDouble", Double.MIN_VALUE);
        m.put("negativeTiny", -1.0E-300);
        m.put("bool", true);
        m.put("null", null);
        m.put("list", List.of(1, "x", Map.of("b", false), List.of()));
        m.put("empty", Map.of());
        m.put("ключ ✓", "value");
        return m;
    }

    /** Each JSON field of each module: store {@code json} through it, return what reads back. */
    record Field(String name, Function<Map<String, Object>, Map<String, Object>> roundTrip) {
    }

    static List<Field> fields(Portal p) {
        UserService users = p.service(UserService.class);
        UUID owner = users.register(NewUser.member("owner-" + SEQ.incrementAndGet() + "@example.com",
                "correct horse battery", "Owner"), WHO).id();
        List<Field> out = new ArrayList<>();
        out.add(new Field("NavItemInput.metadata", json -> p.service(NavigationService.class)
                .create(null, null, new NavItemInput("L" + SEQ.incrementAndGet(), "/l", null, List.of(), true, json), WHO)
                .metadata()));
        out.add(new Field("AuditEvent.metadata", json -> {
            UUID entity = UUID.randomUUID();
            p.service(ActivityLog.class).record(AuditEvent.of("host.tested", "thing", entity).withMetadata(json), WHO);
            return p.service(ActivityLog.class).find(ActivityQuery.byEntity("thing", entity), PageRequest.first(1))
                    .items().get(0).metadata();
        }));
        out.add(new Field("NewUser.metadata", json -> users.find(users.register(new NewUser(
                "u-" + SEQ.incrementAndGet() + "@example.com", "correct horse battery", "U", null, json), WHO).id())
                .orElseThrow().metadata()));
        out.add(new Field("ProfileUpdate.metadata", json -> {
            User u = users.find(owner).orElseThrow();
            return users.updateProfile(owner, new ProfileUpdate("Owner", json), u.version(), WHO).metadata();
        }));
        out.add(new Field("TierInput.features", json -> p.service(PricingService.class)
                .create(tier().withFeatures(json), WHO).features()));
        out.add(new Field("TierInput.metadata", json -> {
            TierInput t = tier();
            PricingTier created = p.service(PricingService.class).create(new TierInput(t.code(), t.name(), t.description(),
                    t.amountMinor(), t.currency(), t.billingInterval(), t.intervalCount(), t.trialDays(), t.features(),
                    t.sortOrder(), json), WHO);
            return p.service(PricingService.class).find(created.id()).orElseThrow().metadata();
        }));
        out.add(new Field("ChargeRequest.metadata", json -> {
            ChargeRequest c = ChargeRequest.of(owner, 500, "EUR", "Fidelity", "fid-" + SEQ.incrementAndGet());
            UUID id = p.service(PaymentService.class).charge(new ChargeRequest(c.userId(), c.amountMinor(), c.currency(),
                    c.description(), c.idempotencyKey(), json), WHO).id();
            return p.service(PaymentService.class).find(id).orElseThrow().metadata();
        }));
        out.add(new Field("NewSubscription.metadata", json -> {
            UUID subscriber = users.register(NewUser.member("s-" + SEQ.incrementAndGet() + "@example.com",
                    "correct horse battery", "S"), WHO).id();
            PricingTier t = p.service(PricingService.class).create(tier(), WHO);
            return p.service(SubscriptionService.class).subscribe(new NewSubscription(subscriber, t.id(), ZoneOffset.UTC,
                    "sub-" + SEQ.incrementAndGet(), json), WHO).metadata();
        }));
        out.add(new Field("CardInput.metadata", json -> p.service(ResourceService.class)
                .create(CardInput.of("Card " + SEQ.incrementAndGet(), "Body").withMetadata(json), WHO).metadata()));
        out.add(new Field("TimelineItemInput.metadata", json -> p.service(TimelineService.class)
                .add(TimelineKey.user(owner), null, new TimelineItemInput("T", null, TimelineKind.TASK,
                        Instant.parse("2030-01-01T00:00:00Z"), null, json), WHO).metadata()));
        out.add(new Field("NewSubmission.fields", json -> p.service(FormService.class)
                .submit(new NewSubmission("contact", "Ann", "ann@example.com", "Hi", "Hello", json, null), WHO).fields()));
        return out;
    }

    static TierInput tier() {
        return new TierInput("fid" + SEQ.incrementAndGet(), "Fidelity", null, 900, "EUR", BillingInterval.MONTH, 1, 0,
                Map.of(), 0, Map.of());
    }

    @Test
    void everyJsonFieldReadsBackWhatWasStored() {
        List<String> broken = new ArrayList<>();
        for (Field f : fields(kit.portal())) {
            Map<String, Object> back = f.roundTrip().apply(rich());
            if (!rich().equals(back)) {
                broken.add(f.name() + ": stored " + rich() + ", read back " + back);
            }
        }
        assertThat(broken).as("JSON that did not round-trip").isEmpty();
    }

    @Test
    void jsonThatCannotRoundTripIsRefusedOnItsFieldInEveryModule() {
        List<Map<String, Object>> bad = List.of(Map.of("n", Double.NaN), Map.of("n", Double.NEGATIVE_INFINITY),
                Map.of("l", List.of(Float.POSITIVE_INFINITY)), Map.of("s", "lone \uD800 surrogate"), Map.of("\uDC00", "key"),
                Map.of("at", Instant.EPOCH), Map.of("z", -0.0));
        List<String> broken = new ArrayList<>();
        for (Field f : fields(kit.portal())) {
            String field = f.name().substring(f.name().indexOf('.') + 1);
            for (Map<String, Object> json : bad) {
                try {
                    Map<String, Object> back = f.roundTrip().apply(json);
                    broken.add(f.name() + ": accepted " + json.keySet() + " and read back " + back);
                } catch (ValidationException e) {
                    if (!e.hasError(field)) {
                        broken.add(f.name() + ": refused, but on " + e.errors() + " instead of " + field);
                    }
                }
            }
        }
        assertThat(broken).as("JSON accepted though it cannot round-trip").isEmpty();
    }

    @Test
    void auditMetadataTenThousandLevelsDeepIsRefusedNotAStackOverflow() {
        Map<String, Object> deep = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("x", deep);
            deep = outer;
        }
        AuditEvent event = AuditEvent.of("host.deep", "thing", UUID.randomUUID()).withMetadata(deep);
        assertThatThrownBy(() -> kit.portal().service(ActivityLog.class).record(event, WHO))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("metadata")).isTrue());
    }
}
