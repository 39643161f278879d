package dev.portalkit.resilience;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.TierInput;
import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.SoftDeleting;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README, Auth: every service whose entities are soft deleted extends {@link SoftDeleting}, and a host
 * can treat them alike. Walked over each such service through the interface alone, as a generic
 * "trash" screen would: delete hides the row and frees its key, a second delete or a restore of a live
 * row is a not-found, a restore whose key was taken meanwhile is a conflict that changes nothing, a
 * burst of restores restores once, and each change is audited once.
 */
class SoftDeletingContractIT {

    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "soft delete contract");
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(AllModules.list().toArray(PortalModule[]::new)).build();

    /** One kind of soft-deleted entity, reached only through its {@link SoftDeleting} service. */
    record Kind(String name, SoftDeleting<?> service, Function<String, UUID> make, Function<UUID, Optional<?>> find) {
    }

    static List<Kind> kinds() {
        Portal p = kit.portal();
        UserService users = p.service(UserService.class);
        PricingService tiers = p.service(PricingService.class);
        ResourceService cards = p.service(ResourceService.class);
        return List.of(
                new Kind("user", users, key -> users.register(
                        NewUser.member(key + "@example.com", "correct horse battery", "Trash"), WHO).id(), users::find),
                new Kind("pricing tier", tiers, key -> tiers.create(TierInput.monthly(key, "Trash", 100, "EUR"), WHO).id(),
                        tiers::find),
                new Kind("resource card", cards, key -> cards.create(CardInput.of(key, "Body"), WHO).id(),
                        id -> cards.find(id, Audience.EDITOR))); // an editor sees drafts: a reader would see none anyway
    }

    private static long audits(UUID id, String suffix) {
        return number(kit.portal().dataSource(),
                "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ? AND action LIKE ?", id, "%." + suffix);
    }

    @Test
    void everySoftDeletingServiceKeepsTheSameContract() {
        for (Kind kind : kinds()) {
            String as = kind.name() + ": ";
            SoftDeleting<?> service = kind.service();
            String key = "trash-" + SEQ.incrementAndGet();
            UUID id = kind.make().apply(key);

            service.delete(id, WHO);
            assertThat(kind.find().apply(id)).as(as + "gone from reads").isEmpty();
            assertThat(audits(id, "deleted")).as(as + "the delete audited once").isEqualTo(1);
            assertThatThrownBy(() -> service.delete(id, WHO)).as(as + "a second delete").isInstanceOf(NotFoundException.class);
            assertThat(audits(id, "deleted")).as(as + "a refused delete writes nothing").isEqualTo(1);

            UUID taker = kind.make().apply(key); // the key is free again
            assertThatThrownBy(() -> service.restore(id, WHO)).as(as + "a restore whose key was taken")
                    .isInstanceOf(ConflictException.class);
            assertThat(kind.find().apply(id)).as(as + "the refused restore changed nothing").isEmpty();
            assertThat(audits(id, "restored")).as(as + "the refused restore wrote no audit row").isZero();

            service.delete(taker, WHO);
            List<Race.Outcome<Object>> burst = Race.run(8, () -> service.restore(id, WHO));
            assertThat(burst.stream().filter(o -> !o.failed()).count()).as(as + "restored once in a burst of 8").isEqualTo(1);
            assertThat(burst).as(as + "the others find nothing deleted")
                    .filteredOn(Race.Outcome::failed).allMatch(o -> o.failedWith(NotFoundException.class));
            assertThat(kind.find().apply(id)).as(as + "live again").isPresent();
            assertThat(audits(id, "restored")).as(as + "the restore audited once").isEqualTo(1);

            assertThatThrownBy(() -> service.restore(id, WHO)).as(as + "restoring a live one").isInstanceOf(NotFoundException.class);
            UUID unknown = UUID.randomUUID();
            assertThatThrownBy(() -> service.delete(unknown, WHO)).as(as + "delete of no row").isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> service.restore(unknown, WHO)).as(as + "restore of no row").isInstanceOf(NotFoundException.class);
        }
    }
}
