package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scheduled publishing (issue #21): publishAt / unpublishAt, seen by reads at once, written by publishDue. */
class ScheduledPublishingIT extends ContentSuite {

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-01T09:00:00Z"));
    static final CallContext JOB = CallContext.system("publish-job");

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal(o -> o, CLOCK);

    @BeforeEach
    void nothingDueFromEarlierTests() {
        // The class shares one database and one clock: start each test with nothing due.
        resources.publishDue(JOB);
    }

    private String stored(UUID id, String column) {
        return Queries.column(portal.dataSource(), "SELECT " + column + "::text FROM portal.resource_cards WHERE id = ?", id).get(0);
    }

    private long audits(UUID id, String action) {
        return number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ? AND action = ?", id, action);
    }

    @Test
    void aCardScheduledToPublishIsShownToReadersFromItsTimeAndPublishDueWritesItOnce() {
        ResourceCard card = resources.create(CardInput.of("Launch notes", "the launch").withCategory("sched-pub"), ctx);
        resources.addStep(card.id(), null, StepInput.of("Read", "it"), ctx);
        Instant at = CLOCK.instant().plus(Duration.ofHours(1));
        ResourceCard scheduled = resources.schedule(card.id(), at, null, ctx);
        assertThat(scheduled.publishAt()).isEqualTo(at);
        assertThat(scheduled.status()).isEqualTo(CardStatus.DRAFT);

        // Before its time: readers see nothing, editors see a draft with the schedule.
        assertThat(resources.find(card.id(), Audience.READER)).isEmpty();
        assertThat(resources.steps(card.id(), Audience.READER)).isEmpty();
        assertThat(resources.find(card.id(), Audience.EDITOR).orElseThrow().status()).isEqualTo(CardStatus.DRAFT);

        CLOCK.advance(Duration.ofHours(1)); // publishAt == now: published
        ResourceCard shown = resources.find(card.id(), Audience.READER).orElseThrow();
        assertThat(shown.status()).isEqualTo(CardStatus.PUBLISHED);
        assertThat(shown.publishedAt()).isEqualTo(at);
        assertThat(resources.findBySlug(card.slug(), Audience.READER)).isPresent();
        assertThat(resources.steps(card.id(), Audience.READER)).hasSize(1);
        assertThat(resources.list(CardQuery.readers().inCategory("sched-pub"), PageRequest.first(10)).items())
                .extracting(ResourceCard::id).containsExactly(card.id());
        assertThat(resources.search("launch", Audience.READER, PageRequest.first(10)).items())
                .extracting(h -> h.card().id()).contains(card.id());
        assertThat(stored(card.id(), "status")).isEqualTo("DRAFT"); // not written yet: only read so
        assertThat(audits(card.id(), "resource_card.published")).isZero();

        assertThat(resources.publishDue(JOB)).isEqualTo(1);
        assertThat(stored(card.id(), "status")).isEqualTo("PUBLISHED");
        assertThat(Queries.column(portal.dataSource(), "SELECT count(*)::text FROM portal.resource_cards WHERE id = ? AND publish_at IS NULL"
                + " AND published_at = ?", card.id(), java.sql.Timestamp.from(at))).containsExactly("1");
        assertThat(audits(card.id(), "resource_card.published")).isEqualTo(1);
        assertThat(resources.publishDue(JOB)).isZero();
        assertThat(audits(card.id(), "resource_card.published")).isEqualTo(1);
        assertThat(resources.versions(card.id(), PageRequest.first(1)).items().get(0).change()).isEqualTo("resource_card.published");
    }

    @Test
    void aCardScheduledToUnpublishDisappearsForReadersAtItsTime() {
        ResourceCard card = resources.publish(resources.create(CardInput.of("Offer", "until Friday"), ctx).id(), ctx);
        Instant until = CLOCK.instant().plus(Duration.ofMinutes(30));
        resources.schedule(card.id(), null, until, ctx);
        assertThat(resources.find(card.id(), Audience.READER)).isPresent();

        CLOCK.advance(Duration.ofMinutes(30));
        assertThat(resources.find(card.id(), Audience.READER)).isEmpty();
        assertThat(resources.steps(card.id(), Audience.READER)).isEmpty();
        assertThat(resources.find(card.id(), Audience.EDITOR).orElseThrow().status()).isEqualTo(CardStatus.DRAFT);

        assertThat(resources.publishDue(JOB)).isEqualTo(1);
        assertThat(stored(card.id(), "status")).isEqualTo("DRAFT");
        assertThat(Queries.column(portal.dataSource(), "SELECT count(*)::text FROM portal.resource_cards WHERE id = ? AND unpublish_at IS NULL",
                card.id())).containsExactly("1");
        assertThat(audits(card.id(), "resource_card.unpublished")).isEqualTo(1);
        assertThat(resources.publishDue(JOB)).isZero();
    }

    @Test
    void aWindowPublishesThenUnpublishes() {
        ResourceCard card = resources.create(CardInput.of("Window", "w"), ctx);
        Instant from = CLOCK.instant().plus(Duration.ofHours(1));
        resources.schedule(card.id(), from, from.plus(Duration.ofHours(2)), ctx);
        CLOCK.advance(Duration.ofMinutes(90));
        assertThat(resources.find(card.id(), Audience.READER)).isPresent();
        assertThat(resources.publishDue(JOB)).isEqualTo(1);
        CLOCK.advance(Duration.ofMinutes(89));
        assertThat(resources.find(card.id(), Audience.READER)).isPresent();
        CLOCK.advance(Duration.ofMinutes(1)); // from + 2 hours
        assertThat(resources.find(card.id(), Audience.READER)).isEmpty();
        assertThat(resources.publishDue(JOB)).isEqualTo(1);
        assertThat(stored(card.id(), "status")).isEqualTo("DRAFT");
        assertThat(audits(card.id(), "resource_card.published")).isEqualTo(1);
        assertThat(audits(card.id(), "resource_card.unpublished")).isEqualTo(1);

        // Both times passed before the job ran: never shown, the job only clears the lapsed schedule.
        ResourceCard missed = resources.create(CardInput.of("Missed", "m"), ctx);
        Instant soon = CLOCK.instant().plus(Duration.ofMinutes(1));
        resources.schedule(missed.id(), soon, soon.plus(Duration.ofMinutes(1)), ctx);
        CLOCK.advance(Duration.ofMinutes(5));
        assertThat(resources.find(missed.id(), Audience.READER)).isEmpty();
        assertThat(resources.publishDue(JOB)).isEqualTo(1);
        assertThat(stored(missed.id(), "status")).isEqualTo("DRAFT");
        assertThat(audits(missed.id(), "resource_card.schedule_lapsed")).isEqualTo(1);
        assertThat(audits(missed.id(), "resource_card.published")).isZero();
    }

    @Test
    void badSchedulesAreTypedErrorsAndWriteNothing() {
        ResourceCard card = resources.create(CardInput.of("Bad schedules", "b"), ctx);
        Instant t = CLOCK.instant().plus(Duration.ofDays(1));
        long audit = number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs");
        long versions = number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_versions");

        assertThatThrownBy(() -> resources.schedule(card.id(), t, t, ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("unpublishAt")).isTrue());
        assertThatThrownBy(() -> resources.schedule(card.id(), t, t.minusSeconds(1), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("unpublishAt")).isTrue());
        assertThatThrownBy(() -> resources.schedule(card.id(), null, null, ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("publishAt")).isTrue());
        assertThatThrownBy(() -> resources.schedule(card.id(), Instant.MAX, null, ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("publishAt")).isTrue());
        assertThatThrownBy(() -> resources.schedule(card.id(), Instant.MIN, Instant.MAX, ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(ValidationException.FieldError::field).contains("publishAt", "unpublishAt"));
        assertThatThrownBy(() -> resources.schedule(UUID.randomUUID(), t, null, ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("Resource card"));
        assertThatThrownBy(() -> resources.cancelSchedule(UUID.randomUUID(), ctx)).isInstanceOf(NotFoundException.class);
        ResourceCard published = resources.publish(card.id(), ctx);
        audit = number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs");
        versions = number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_versions");
        assertThatThrownBy(() -> resources.schedule(published.id(), t, null, ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("publishAt")).isTrue());

        assertThat(resources.find(card.id(), Audience.EDITOR).orElseThrow()).satisfies(c -> {
            assertThat(c.publishAt()).isNull();
            assertThat(c.unpublishAt()).isNull();
            assertThat(c.version()).isEqualTo(published.version());
        });
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs")).isEqualTo(audit);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_versions")).isEqualTo(versions);
    }

    @Test
    void cancellingRemovesTheScheduleAndAManualStatusConsumesIt() {
        ResourceCard card = resources.create(CardInput.of("Cancel me", "c"), ctx);
        Instant t = CLOCK.instant().plus(Duration.ofHours(2));
        resources.schedule(card.id(), t, t.plus(Duration.ofHours(1)), ctx);
        ResourceCard cancelled = resources.cancelSchedule(card.id(), ctx);
        assertThat(cancelled.publishAt()).isNull();
        assertThat(cancelled.unpublishAt()).isNull();
        assertThat(audits(card.id(), "resource_card.schedule_cancelled")).isEqualTo(1);
        assertThat(resources.cancelSchedule(card.id(), ctx).version()).isEqualTo(cancelled.version()); // no-op
        assertThat(audits(card.id(), "resource_card.schedule_cancelled")).isEqualTo(1);

        resources.schedule(card.id(), t, null, ctx);
        ResourceCard published = resources.publish(card.id(), ctx); // by hand, before its time
        assertThat(published.publishAt()).isNull();
        CLOCK.advance(Duration.ofHours(3));
        assertThat(resources.publishDue(JOB)).isZero();
        assertThat(audits(card.id(), "resource_card.published")).isEqualTo(1);
    }
}
