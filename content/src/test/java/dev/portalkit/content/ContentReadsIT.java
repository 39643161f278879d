package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.StatementLog;
import dev.portalkit.testing.WireCounter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content reads cost one round trip: a single statement in autocommit, with no BEGIN or COMMIT
 * (search: two statements). Inside a host's transaction they join it.
 */
class ContentReadsIT extends ContentSuite {

    private static final StatementLog log = WireCounter.statementLog();

    @RegisterExtension
    static final PortalExtension kit = ContentTests.recorded(log);

    @Test
    void everyReadIsOneStatementInAutocommit() {
        String tag = "reads-" + UUID.randomUUID().toString().substring(0, 8);
        String word = "wombat" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        ResourceCard card = resources.create(CardInput.of("About the " + word, "b").withTags(tag).withCategory("reads"), ctx);
        resources.create(CardInput.of("Second " + word, "b").withTags(tag).withCategory("reads"), ctx);
        ResourceCard draft = resources.create(CardInput.of("Draft", "b"), ctx);
        resources.addStep(card.id(), null, StepInput.of("Step", "s"), ctx);
        resources.addStep(draft.id(), null, StepInput.of("Step", "s"), ctx);
        resources.publish(card.id(), ctx);
        CardQuery editors = CardQuery.editors().inCategory("reads");
        Page<ResourceCard> first = resources.list(editors, PageRequest.first(1));

        assertThat(oneRoundTrip(() -> resources.find(card.id(), Audience.READER))).isPresent();
        assertThat(oneRoundTrip(() -> resources.findBySlug(card.slug(), Audience.READER))).isPresent();
        assertThat(oneRoundTrip(() -> resources.list(CardQuery.readers(), PageRequest.first(5))).items()).isNotEmpty();
        assertThat(oneRoundTrip(() -> resources.list(editors, PageRequest.first(1).next(first))).items()).hasSize(1);
        assertThat(oneRoundTrip(() -> resources.list(CardQuery.readers().taggedWith(tag), PageRequest.first(5))).items())
                .extracting(ResourceCard::id).containsExactly(card.id());
        assertThat(oneRoundTrip(() -> resources.steps(card.id(), Audience.READER))).hasSize(1);
        assertThat(oneRoundTrip(() -> resources.steps(draft.id(), Audience.READER))).isEmpty(); // a reader never sees a draft's steps
        assertThat(oneRoundTrip(() -> resources.steps(draft.id(), Audience.EDITOR))).hasSize(1);
        assertThat(oneRoundTrip(() -> resources.search("nothing-matches-this", Audience.READER, PageRequest.first(5))).items()).isEmpty();
        assertThat(roundTrips(2, () -> resources.search(word, Audience.EDITOR, PageRequest.first(5))).items()).hasSize(2);

        FormSubmission s = forms.submit(NewSubmission.contact("reads", "Ann", "ann@example.com", "Hi", "Hello"), ctx);
        assertThat(oneRoundTrip(() -> forms.find(s.id()))).isPresent();
        assertThat(oneRoundTrip(() -> forms.list(SubmissionQuery.all().forForm("reads"), PageRequest.first(5))).items()).hasSize(1);

        TimelineKey key = TimelineKey.project("reads-" + UUID.randomUUID().toString().substring(0, 8));
        timelines.add(key, null, TimelineItemInput.task("Task", Instant.parse("2027-01-01T00:00:00Z")), ctx);
        assertThat(oneRoundTrip(() -> timelines.list(key))).hasSize(1);
        assertThat(oneRoundTrip(() -> timelines.progress(key)).total()).isEqualTo(1);
        assertThat(oneRoundTrip(() -> timelines.progress(List.of(key, TimelineKey.project("other")))).get(key).total()).isEqualTo(1);
    }

    @Test
    void readsInsideAHostTransactionSeeItsUncommittedChanges() {
        String tag = "in-tx-" + UUID.randomUUID().toString().substring(0, 8);
        portal.inTransaction(() -> {
            ResourceCard card = resources.create(CardInput.of("Uncommitted", "b").withTags(tag), ctx);
            resources.addStep(card.id(), null, StepInput.of("Step", "s"), ctx);
            assertThat(resources.find(card.id(), Audience.EDITOR)).isPresent();
            assertThat(resources.list(CardQuery.editors().taggedWith(tag), PageRequest.first(5)).items())
                    .extracting(ResourceCard::id).containsExactly(card.id());
            assertThat(resources.steps(card.id(), Audience.EDITOR)).hasSize(1);
            resources.delete(card.id(), ctx);
            assertThat(resources.list(CardQuery.editors().taggedWith(tag), PageRequest.first(5)).items()).isEmpty();
        });
    }

    private static <T> T oneRoundTrip(Supplier<T> read) {
        return roundTrips(1, read);
    }

    private static <T> T roundTrips(int expected, Supplier<T> read) {
        log.clear();
        T result = read.get();
        assertThat(log.roundTrips()).hasSize(expected).doesNotContain("COMMIT", "ROLLBACK");
        return result;
    }
}
