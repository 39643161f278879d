package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PricingServiceIT {

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), null);

    private PricingService pricing() {
        return kit.portal().service(PricingService.class);
    }

    @Test
    void aTierRoundTripsWithFeaturesAndMinorUnits() {
        PricingTier t = pricing().create(new TierInput("kwd-pro", "Pro (KWD)", "For teams", 12345, "KWD",
                BillingInterval.YEAR, 2, 30, Map.of("seats", 5, "support", "email"), 3, Map.of("color", "blue")), CLIENT);
        PricingTier read = pricing().find(t.id()).orElseThrow();
        assertThat(read).isEqualTo(t);
        assertThat(read.amountMinor()).isEqualTo(12345);
        assertThat(read.currency()).isEqualTo("KWD");
        assertThat(read.features()).containsEntry("seats", 5).containsEntry("support", "email");
        assertThat(pricing().findByCode("kwd-pro")).contains(t);
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = 'pricing_tier.created' AND entity_id = ?",
                t.id())).isEqualTo(1);
    }

    @Test
    void codesAreUniqueAmongLiveTiersOnly() {
        PricingTier t = pricing().create(TierInput.monthly("basic", "Basic", 500, "USD"), CLIENT);
        assertThatThrownBy(() -> pricing().create(TierInput.monthly("basic", "Other", 700, "USD"), CLIENT))
                .isInstanceOf(TierCodeTakenException.class);
        pricing().delete(t.id(), CLIENT);
        assertThat(pricing().find(t.id())).isEmpty();
        PricingTier again = pricing().create(TierInput.monthly("basic", "Basic 2", 600, "USD"), CLIENT);
        assertThatThrownBy(() -> pricing().restore(t.id(), CLIENT)).isInstanceOf(TierCodeTakenException.class);
        pricing().delete(again.id(), CLIENT);
        assertThat(pricing().restore(t.id(), CLIENT).deletedAt()).isNull();
    }

    @Test
    void archivedTiersLeaveTheDefaultListButStayReadable() {
        PricingTier t = pricing().create(TierInput.monthly("legacy", "Legacy", 100, "EUR"), CLIENT);
        pricing().archive(t.id(), CLIENT);
        assertThat(pricing().list(false)).extracting(PricingTier::code).doesNotContain("legacy");
        assertThat(pricing().list(true)).extracting(PricingTier::code).contains("legacy");
        assertThat(pricing().find(t.id()).orElseThrow().sellable()).isFalse();
        assertThat(pricing().unarchive(t.id(), CLIENT).sellable()).isTrue();
    }

    @Test
    void anUpdateWithAnOldVersionIsStale() {
        PricingTier t = pricing().create(TierInput.monthly("versioned", "V", 100, "USD"), CLIENT);
        PricingTier updated = pricing().update(t.id(), TierInput.monthly("versioned", "V2", 200, "USD"), t.version(), CLIENT);
        assertThat(updated.amountMinor()).isEqualTo(200);
        assertThatThrownBy(() -> pricing().update(t.id(), TierInput.monthly("versioned", "V3", 300, "USD"), t.version(), CLIENT))
                .isInstanceOf(StaleVersionException.class);
    }

    @Test
    void badInputNamesEveryFieldAndWritesNothing() {
        assertThatThrownBy(() -> pricing().create(new TierInput("Bad Code", "", null, -1, "DOLLARS",
                BillingInterval.ONE_TIME, 0, 400, Map.of(), 0, Map.of()), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("code")).isTrue();
                    assertThat(e.hasError("name")).isTrue();
                    assertThat(e.hasError("amountMinor")).isTrue();
                    assertThat(e.hasError("currency")).isTrue();
                    assertThat(e.hasError("intervalCount")).isTrue();
                    assertThat(e.hasError("trialDays")).isTrue();
                });
        assertThatThrownBy(() -> pricing().create(TierInput.monthly("nope", "Nope", 100, "QQQ"), CLIENT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("currency")).isTrue());
        assertThat(number(kit.portal().dataSource(), "SELECT count(*) FROM portal.pricing_tiers WHERE code IN ('nope', 'Bad Code')")).isZero();
    }
}
