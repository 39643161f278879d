package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.CallContext;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several instances run publishDue at once (a burst of real threads): each due card changes once, with one
 * audit row and one version, and the counts the calls return add up to the cards due.
 */
class PublishDueRaceIT extends ContentSuite {

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-04-01T06:00:00Z"));
    static final int CARDS = 450; // more than two batches (ResourceService.DUE_BATCH)
    static final int INSTANCES = 10;

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal(o -> o, CLOCK);

    private List<UUID> cards(String title, boolean published, boolean publishing) {
        List<UUID> ids = new ArrayList<>();
        Instant at = CLOCK.instant().plus(Duration.ofMinutes(10));
        for (int i = 0; i < CARDS; i++) {
            ResourceCard card = resources.create(CardInput.of(title + " " + i, "b"), ctx);
            if (published) {
                resources.publish(card.id(), ctx);
            }
            resources.schedule(card.id(), publishing ? at : null, publishing ? null : at, ctx);
            ids.add(card.id());
        }
        return ids;
    }

    private void raceAndCheck(List<UUID> ids, String action) {
        assertThat(resources.publishDue(CallContext.system("early"))).isZero(); // not due yet
        CLOCK.advance(Duration.ofMinutes(10));
        List<Race.Outcome<Integer>> outcomes = Race.run(INSTANCES, i -> () -> resources.publishDue(CallContext.system("job-" + i)));
        int total = outcomes.stream().mapToInt(Race.Outcome::value).sum();
        assertThat(total).isEqualTo(CARDS);
        String in = "SELECT unnest(CAST(? AS uuid[]))";
        Object array = ids.stream().map(UUID::toString).toArray(String[]::new);
        // Exactly one audit row and one version per card, none missing, none twice.
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM (SELECT entity_id FROM portal.activity_logs WHERE action = ?"
                + " AND entity_id IN (" + in + ") GROUP BY entity_id HAVING count(*) = 1) x", action, array)).isEqualTo(CARDS);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE action = ? AND entity_id IN (" + in + ")",
                action, array)).isEqualTo(CARDS);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_versions WHERE change = ? AND card_id IN ("
                + in + ")", action, array)).isEqualTo(CARDS);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards WHERE id IN (" + in + ")"
                + " AND publish_at IS NULL AND unpublish_at IS NULL", array)).isEqualTo(CARDS);
        assertThat(resources.publishDue(CallContext.system("late"))).isZero();
    }

    @Test
    void racingPublishDuePublishesEachCardOnce() {
        List<UUID> ids = cards("Due to publish", false, true);
        raceAndCheck(ids, "resource_card.published");
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards WHERE status = 'PUBLISHED' AND id IN ("
                + "SELECT unnest(CAST(? AS uuid[])))", (Object) ids.stream().map(UUID::toString).toArray(String[]::new))).isEqualTo(CARDS);
    }

    @Test
    void racingPublishDueUnpublishesEachCardOnce() {
        List<UUID> ids = cards("Due to unpublish", true, false);
        raceAndCheck(ids, "resource_card.unpublished");
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards WHERE status = 'DRAFT' AND id IN ("
                + "SELECT unnest(CAST(? AS uuid[])))", (Object) ids.stream().map(UUID::toString).toArray(String[]::new))).isEqualTo(CARDS);
    }
}
