package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.TierInput;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ContentModule;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.core.ValidationException;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.testing.PortalExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README, "Transactions": if a call inside {@code portal.inTransaction} fails, the whole transaction
 * rolls back even when the host catches the exception (PK-1041 at the end), whatever the failure:
 * bad input refused before the call touched the database, a null argument, a row not found, a
 * unique value taken, a stale version. Each case does work in three modules first, then makes the
 * failing call and swallows its exception.
 */
class TransactionContractIT {

    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "transaction contract");
    static final Setting<String> NOTE = Setting.string("tx.note", "none");
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()),
                    new ContentModule(),
                    new MessagingModule(MessagingOptions.builder().from("a@example.com").build()))
            .configure(b -> b.settings(NOTE))
            .build();

    /** A failing call, named for the failure report. */
    record Failing(String name, Consumer<Portal> call) {
    }

    @Test
    void everyKindOfFailureCaughtInsideInTransactionRollsBackEverythingBeforeIt() {
        Portal portal = kit.portal();
        UserService users = portal.service(UserService.class);
        String taken = "taken-" + SEQ.incrementAndGet() + "@example.com";
        users.register(NewUser.member(taken, "correct horse battery", "Taken"), WHO);
        List<Failing> failures = List.of(
                new Failing("register with a bad e-mail (validation before the transaction is joined)",
                        p -> p.service(UserService.class).register(NewUser.member("not an address", "correct horse battery", "X"), WHO)),
                new Failing("register with a taken e-mail (conflict)",
                        p -> p.service(UserService.class).register(NewUser.member(taken, "correct horse battery", "X"), WHO)),
                new Failing("charge(null) (null argument)", p -> p.service(PaymentService.class).charge(null, WHO)),
                new Failing("queue(null)", p -> p.service(EmailService.class).queue(null, WHO)),
                new Failing("a null CallContext", p -> p.service(NavigationService.class)
                        .create(null, null, NavItemInput.link("Docs", "/docs"), null)),
                new Failing("users.find(null)", p -> p.service(UserService.class).find(null)),
                new Failing("a tier with NaN in its features (JSON)", p -> p.service(PricingService.class)
                        .create(TierInput.monthly("nan-" + SEQ.incrementAndGet(), "NaN", 100, "EUR")
                                .withFeatures(Map.of("x", Double.NaN)), WHO)),
                new Failing("update of an unknown card (not found)", p -> p.service(ResourceService.class)
                        .update(UUID.randomUUID(), CardInput.of("T", "B"), 0, WHO)),
                new Failing("a setting written with a stale version", p -> p.service(SettingsService.class)
                        .set(NOTE, "stale", 99, WHO)),
                new Failing("a nested inTransaction whose work fails", p -> p.inTransaction(() -> {
                    p.service(UserService.class).find(null);
                })));

        List<String> broken = new ArrayList<>();
        for (Failing f : failures) {
            String email = "tx-" + SEQ.incrementAndGet() + "@example.com";
            String label = "nav-" + SEQ.get();
            String note = "note-" + SEQ.get();
            PortalException[] caught = new PortalException[1];
            Throwable outcome = null;
            try {
                portal.inTransaction(() -> {
                    portal.service(SettingsService.class).set(NOTE, note, WHO);
                    portal.service(NavigationService.class).create(null, null, NavItemInput.link(label, "/" + label), WHO);
                    portal.service(UserService.class).register(NewUser.member(email, "correct horse battery", "Tx"), WHO);
                    try {
                        f.call().accept(portal);
                    } catch (PortalException e) {
                        caught[0] = e;
                    }
                });
            } catch (RuntimeException e) {
                outcome = e;
            }
            if (caught[0] == null) {
                broken.add(f.name() + ": did not fail");
                continue;
            }
            if (!(outcome instanceof PortalException pe) || pe.code() != CoreError.TRANSACTION_ROLLED_BACK) {
                broken.add(f.name() + ": ended with " + (outcome == null ? "a commit" : outcome) + ", not PK-1041");
            } else if (pe.getCause() != caught[0]) {
                broken.add(f.name() + ": PK-1041 does not carry the failure as its cause");
            }
            if (users.findByEmail(email).isPresent()) {
                broken.add(f.name() + ": the user registered before it was committed");
            }
            if (portal.service(SettingsService.class).get(NOTE).equals(note)) {
                broken.add(f.name() + ": the setting written before it was committed");
            }
            if (portal.service(NavigationService.class).fullTree().stream().anyMatch(n -> n.item().label().equals(label))) {
                broken.add(f.name() + ": the navigation item created before it was committed");
            }
        }
        assertThat(broken).as("transaction contract").isEmpty();
    }

    @Test
    void thePortalsOwnMethodsRefuseNullWithTypedErrors() {
        Portal portal = kit.portal();
        assertThatThrownBy(() -> portal.service(null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("type")).isTrue());
        assertThatThrownBy(() -> portal.inTransaction((Runnable) null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("work")).isTrue());
        assertThatThrownBy(() -> portal.inTransaction((java.util.function.Supplier<Object>) null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("work")).isTrue());
        assertThatThrownBy(() -> portal.service(String.class)).isInstanceOf(PortalException.class);
    }

    @Test
    void aFailureOutsideAnyTransactionLeavesTheNextCallsAlone() {
        Portal portal = kit.portal();
        assertThatThrownBy(() -> portal.service(UserService.class).find(null)).isInstanceOf(PortalException.class);
        // No transaction was open, so nothing is left marked: the next call commits as usual.
        String email = "after-" + SEQ.incrementAndGet() + "@example.com";
        portal.inTransaction(() -> portal.service(UserService.class)
                .register(NewUser.member(email, "correct horse battery", "After"), WHO));
        assertThat(portal.service(UserService.class).findByEmail(email)).isPresent();
    }
}
