package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The version history of resource cards and their steps (issue #21). */
class VersionHistoryIT extends ContentSuite {

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-05-01T08:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal(o -> o, CLOCK);

    private List<StepInput> steps(UUID cardId) {
        return resources.steps(cardId, Audience.EDITOR).stream()
                .map(s -> new StepInput(s.title(), s.body(), s.estimatedMinutes(), s.mediaUrl())).toList();
    }

    private List<Integer> numbers(UUID cardId) {
        return Queries.column(portal.dataSource(), "SELECT number::text FROM portal.resource_card_versions WHERE card_id = ?"
                + " ORDER BY resource_card_versions.number", cardId).stream().map(Integer::valueOf).toList();
    }

    @Test
    void everyChangeOfACardOrItsStepsRecordsAVersionWithWhoWhenAndWhat() {
        ResourceCard card = resources.create(CardInput.of("History", "one").withTags("a"), ctx);
        CLOCK.advance(Duration.ofMinutes(1));
        ResourceStep first = resources.addStep(card.id(), null, StepInput.of("First", "1").withEstimatedMinutes(5), ctx);
        ResourceStep second = resources.addStep(card.id(), null, StepInput.of("Second", "2"), ctx);
        resources.moveStep(second.id(), 0, ctx);
        resources.updateStep(first.id(), StepInput.of("First!", "1").withMediaUrl("/m.png"), ctx);
        ResourceCard updated = resources.update(card.id(), CardInput.from(card).withBody("two").withMetadata(Map.of("k", "v")),
                card.version(), ctx);
        resources.reorderSteps(card.id(), List.of(first.id(), second.id()), ctx);
        resources.removeStep(second.id(), ctx);
        resources.publish(card.id(), ctx);
        resources.schedule(card.id(), null, CLOCK.instant().plus(Duration.ofDays(1)), ctx);
        resources.cancelSchedule(card.id(), ctx);
        resources.delete(card.id(), ctx);
        resources.restore(card.id(), ctx);

        assertThat(numbers(card.id())).containsExactlyElementsOf(IntStream.rangeClosed(1, 13).boxed().toList());
        List<CardVersion> all = new ArrayList<>();
        PageRequest page = PageRequest.first(5);
        int pages = 0;
        while (true) {
            Page<CardVersion> p = resources.versions(card.id(), page);
            all.addAll(p.items());
            pages++;
            if (!p.hasNext()) {
                break;
            }
            page = page.next(p);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(all).extracting(CardVersion::number).containsExactlyElementsOf(IntStream.iterate(13, i -> i - 1).limit(13).boxed().toList());
        assertThat(all).extracting(CardVersion::change).containsExactly("resource_card.restored", "resource_card.deleted",
                "resource_card.schedule_cancelled", "resource_card.scheduled", "resource_card.published",
                "resource_step.removed", "resource_card.steps_reordered", "resource_card.updated", "resource_step.updated",
                "resource_step.moved", "resource_step.added", "resource_step.added", "resource_card.created");
        assertThat(all).allSatisfy(v -> assertThat(v.actorId()).isEqualTo(user.id()));

        CardVersion v1 = resources.version(card.id(), 1).orElseThrow();
        assertThat(v1.createdAt()).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(v1.snapshot().card()).isEqualTo(CardInput.from(card));
        assertThat(v1.snapshot().steps()).isEmpty();
        assertThat(v1.snapshot().status()).isEqualTo(CardStatus.DRAFT);
        CardVersion v5 = resources.version(card.id(), 5).orElseThrow(); // after updateStep
        assertThat(v5.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(v5.snapshot().steps()).containsExactly(new StepInput("Second", "2", null, null),
                new StepInput("First!", "1", null, "/m.png"));
        assertThat(resources.version(card.id(), 6).orElseThrow().snapshot().card()).isEqualTo(CardInput.from(updated));
        assertThat(resources.version(card.id(), 9).orElseThrow().snapshot().status()).isEqualTo(CardStatus.PUBLISHED);
        assertThat(resources.version(card.id(), 10).orElseThrow().snapshot().unpublishAt()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(1)));
        assertThat(resources.version(card.id(), 14)).isEmpty();
        assertThat(resources.version(card.id(), 0)).isEmpty();
        assertThat(resources.version(UUID.randomUUID(), 1)).isEmpty();
        assertThat(resources.versions(UUID.randomUUID(), PageRequest.first(5)).items()).isEmpty();

        // A system call records a version without an actor.
        resources.publishDue(CallContext.system("job"));
        resources.unpublish(card.id(), CallContext.system("job"));
        assertThat(resources.versions(card.id(), PageRequest.first(1)).items().get(0).actorId()).isNull();
    }

    @Test
    void restoringAVersionBringsBackTheCardAndItsStepsAsANewVersion() {
        ResourceCard card = resources.create(CardInput.of("Restore me", "v1 body").withCategory("guides"), ctx);
        resources.addStep(card.id(), null, StepInput.of("A", "a"), ctx);
        resources.addStep(card.id(), null, StepInput.of("B", "b").withEstimatedMinutes(3), ctx); // version 3
        CardVersion three = resources.version(card.id(), 3).orElseThrow();
        ResourceCard changed = resources.update(card.id(), CardInput.from(card).withTitle("Changed").withSlug("restore-me-changed")
                .withTags("x", "y"), card.version(), ctx);
        resources.removeStep(resources.steps(card.id(), Audience.EDITOR).get(0).id(), ctx);
        resources.addStep(card.id(), 0, StepInput.of("C", "c"), ctx);
        resources.publish(card.id(), ctx); // the status is not part of what a restore brings back
        ResourceCard current = resources.find(card.id(), Audience.EDITOR).orElseThrow();
        long audits = number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ?"
                + " AND action = 'resource_card.version_restored'", card.id());

        // The slug of version 3 differs and the card has been published: refused, nothing written.
        assertThatThrownBy(() -> resources.restoreVersion(card.id(), 3, current.version(), ctx)).isInstanceOf(SlugLockedException.class);
        resources.unpublish(card.id(), ctx);
        assertThat(numbers(card.id())).hasSize(8);

        ResourceCard draft = resources.find(card.id(), Audience.EDITOR).orElseThrow();
        // Unpublished, the slug is still locked (publishedAt is kept): restore a version with the same slug.
        assertThatThrownBy(() -> resources.restoreVersion(card.id(), 3, draft.version(), ctx)).isInstanceOf(SlugLockedException.class);
        assertThat(changed.slug()).isEqualTo("restore-me-changed");
        assertThat(resources.version(card.id(), 4).orElseThrow().snapshot().card().slug()).isEqualTo("restore-me-changed");
        ResourceCard restored = resources.restoreVersion(card.id(), 4, draft.version(), ctx);
        assertThat(CardInput.from(restored)).isEqualTo(resources.version(card.id(), 4).orElseThrow().snapshot().card());
        assertThat(steps(card.id())).isEqualTo(resources.version(card.id(), 4).orElseThrow().snapshot().steps());
        assertThat(restored.status()).isEqualTo(CardStatus.DRAFT);
        assertThat(restored.version()).isEqualTo(draft.version() + 1);
        CardVersion latest = resources.versions(card.id(), PageRequest.first(1)).items().get(0);
        assertThat(latest.number()).isEqualTo(9);
        assertThat(latest.change()).isEqualTo("resource_card.version_restored");
        assertThat(latest.snapshot().card()).isEqualTo(resources.version(card.id(), 4).orElseThrow().snapshot().card());
        assertThat(latest.snapshot().steps()).isEqualTo(resources.version(card.id(), 4).orElseThrow().snapshot().steps());
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ?"
                + " AND action = 'resource_card.version_restored'", card.id())).isEqualTo(audits + 1);

        // A card never published can go back to any slug.
        ResourceCard other = resources.create(CardInput.of("Other card", "o"), ctx);
        resources.addStep(other.id(), null, StepInput.of("S1", "s"), ctx);
        ResourceCard renamed = resources.update(other.id(), CardInput.from(other).withSlug("other-renamed"), other.version(), ctx);
        ResourceCard back = resources.restoreVersion(other.id(), 1, renamed.version(), ctx);
        assertThat(back.slug()).isEqualTo(other.slug());
        assertThat(steps(other.id())).isEmpty();
        assertThat(three.snapshot().steps()).hasSize(2);
    }

    @Test
    void badRestoresAreTypedErrorsAndWriteNothing() {
        ResourceCard card = resources.create(CardInput.of("Bad restores", "b"), ctx);
        resources.addStep(card.id(), null, StepInput.of("A", "a"), ctx);
        long audit = number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs");
        long versions = number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_versions");

        assertThatThrownBy(() -> resources.restoreVersion(card.id(), 1, card.version() + 5, ctx)).isInstanceOf(StaleVersionException.class);
        assertThatThrownBy(() -> resources.restoreVersion(card.id(), 3, card.version(), ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("Resource card version"));
        assertThatThrownBy(() -> resources.restoreVersion(card.id(), 0, card.version(), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("number")).isTrue());
        assertThatThrownBy(() -> resources.restoreVersion(card.id(), Integer.MIN_VALUE, card.version(), ctx))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> resources.restoreVersion(UUID.randomUUID(), 1, 1, ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("Resource card"));
        assertThatThrownBy(() -> resources.restoreVersion(card.id(), 1, card.version(), CallContext.of(UUID.randomUUID(), null, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("context.actorId")).isTrue());
        assertThatThrownBy(() -> resources.versions(card.id(), new PageRequest("bm90LWEtY3Vyc29y", 5)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("cursor")).isTrue());

        assertThat(steps(card.id())).containsExactly(new StepInput("A", "a", null, null));
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs")).isEqualTo(audit);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_versions")).isEqualTo(versions);
        resources.delete(card.id(), ctx);
        assertThatThrownBy(() -> resources.restoreVersion(card.id(), 1, card.version() + 1, ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("Resource card"));
    }

    @Test
    void concurrentEditsOfOneCardNeverShareAVersionNumber() {
        ResourceCard card = resources.create(CardInput.of("Busy card", "b"), ctx);
        ResourceStep step = resources.addStep(card.id(), null, StepInput.of("Start", "s"), ctx);
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            tasks.add(switch (i % 4) {
                case 0 -> () -> resources.addStep(card.id(), 0, StepInput.of("Added " + n, "a"), ctx);
                case 1 -> () -> resources.updateStep(step.id(), StepInput.of("Edited " + n, "e"), ctx);
                case 2 -> () -> resources.moveStep(step.id(), 0, ctx);
                default -> () -> resources.schedule(card.id(), null, CLOCK.instant().plus(Duration.ofDays(n)), ctx);
            });
        }
        List<Race.Outcome<Object>> outcomes = Race.run(tasks.size(), tasks::get);
        assertThat(outcomes).noneMatch(Race.Outcome::failed);
        assertThat(numbers(card.id())).containsExactlyElementsOf(IntStream.rangeClosed(1, 2 + tasks.size()).boxed().toList());
        // The last version is the card as it is.
        CardVersion last = resources.versions(card.id(), PageRequest.first(1)).items().get(0);
        assertThat(last.snapshot().steps()).isEqualTo(steps(card.id()));
        assertThat(last.snapshot().card()).isEqualTo(CardInput.from(resources.find(card.id(), Audience.EDITOR).orElseThrow()));
    }
}
