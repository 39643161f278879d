package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResourceStepsIT extends ContentSuite {

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal();

    private ResourceCard cardWithSteps(int n) {
        ResourceCard card = resources.create(CardInput.of("Steps " + UUID.randomUUID(), "b"), ctx);
        for (int i = 0; i < n; i++) {
            resources.addStep(card.id(), null, StepInput.of("S" + i, "body " + i).withEstimatedMinutes(i), ctx);
        }
        return card;
    }

    private List<String> titles(UUID cardId) {
        return resources.steps(cardId, Audience.EDITOR).stream().map(ResourceStep::title).toList();
    }

    private void assertContiguous(UUID cardId, int expectedCount) {
        List<Integer> positions = resources.steps(cardId, Audience.EDITOR).stream().map(ResourceStep::position).toList();
        assertThat(positions).containsExactlyElementsOf(IntStream.range(0, expectedCount).boxed().toList());
        assertThat(number(portal.dataSource(), "SELECT count(DISTINCT position) FROM portal.resource_steps WHERE card_id = ?",
                cardId)).isEqualTo(expectedCount);
    }

    @Test
    void addingInsertsAtAPositionAndRemovingClosesTheGap() {
        ResourceCard card = cardWithSteps(3);
        resources.addStep(card.id(), 0, StepInput.of("First", "b"), ctx);
        resources.addStep(card.id(), 2, StepInput.of("Middle", "b"), ctx);
        assertThat(titles(card.id())).containsExactly("First", "S0", "Middle", "S1", "S2");
        assertContiguous(card.id(), 5);

        ResourceStep middle = resources.steps(card.id(), Audience.EDITOR).get(2);
        resources.removeStep(middle.id(), ctx);
        assertThat(titles(card.id())).containsExactly("First", "S0", "S1", "S2");
        assertContiguous(card.id(), 4);

        assertThatThrownBy(() -> resources.addStep(card.id(), 9, StepInput.of("Far", "b"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("position")).isTrue());
        assertThatThrownBy(() -> resources.removeStep(middle.id(), ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.entity()).isEqualTo("Resource step");
                    assertThat(e.id()).isEqualTo(middle.id());
                });
    }

    @Test
    void readersSeeTheStepsOfPublishedCardsOnly() {
        ResourceCard card = cardWithSteps(2);
        assertThat(resources.steps(card.id(), Audience.READER)).isEmpty();
        assertThat(resources.steps(card.id(), Audience.EDITOR)).hasSize(2);
        resources.publish(card.id(), ctx);
        assertThat(resources.steps(card.id(), Audience.READER)).extracting(ResourceStep::title).containsExactly("S0", "S1");
        assertThat(resources.steps(UUID.randomUUID(), Audience.EDITOR)).isEmpty();
    }

    @Test
    void movingAStepShiftsTheStepsInBetween() {
        ResourceCard card = cardWithSteps(5);
        UUID s0 = resources.steps(card.id(), Audience.EDITOR).get(0).id();
        resources.moveStep(s0, 3, ctx);
        assertThat(titles(card.id())).containsExactly("S1", "S2", "S3", "S0", "S4");
        UUID s4 = resources.steps(card.id(), Audience.EDITOR).get(4).id();
        List<ResourceStep> after = resources.moveStep(s4, 0, ctx);
        assertThat(after).extracting(ResourceStep::title).containsExactly("S4", "S1", "S2", "S3", "S0");
        assertContiguous(card.id(), 5);
        assertThatThrownBy(() -> resources.moveStep(s4, 5, ctx)).isInstanceOf(ValidationException.class);
    }

    @Test
    void updatingAStepKeepsItsPlace() {
        ResourceCard card = cardWithSteps(2);
        ResourceStep s1 = resources.steps(card.id(), Audience.EDITOR).get(1);
        ResourceStep updated = resources.updateStep(s1.id(),
                StepInput.of("Renamed", "new body").withEstimatedMinutes(15).withMediaUrl("https://cdn.example.com/a.png"), ctx);
        assertThat(updated.position()).isEqualTo(1);
        assertThat(updated.estimatedMinutes()).isEqualTo(15);
        assertThat(updated.mediaUrl()).isEqualTo("https://cdn.example.com/a.png");
        assertThatThrownBy(() -> resources.updateStep(s1.id(), StepInput.of("T", "b").withEstimatedMinutes(-1), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("estimatedMinutes")).isTrue());
    }

    @Test
    void reorderMustNameEveryStepExactlyOnce() {
        ResourceCard card = cardWithSteps(3);
        List<UUID> ids = resources.steps(card.id(), Audience.EDITOR).stream().map(ResourceStep::id).toList();
        assertThatThrownBy(() -> resources.reorderSteps(card.id(), List.of(ids.get(0), ids.get(1)), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("orderedStepIds")).isTrue());
        assertThatThrownBy(() -> resources.reorderSteps(card.id(), List.of(ids.get(0), ids.get(0), ids.get(1)), ctx))
                .isInstanceOf(ValidationException.class);
        List<ResourceStep> reordered = resources.reorderSteps(card.id(), List.of(ids.get(2), ids.get(0), ids.get(1)), ctx);
        assertThat(reordered).extracting(ResourceStep::title).containsExactly("S2", "S0", "S1");
        assertContiguous(card.id(), 3);
    }

    @Test
    void twoEditorsReorderingTheSameCardAtOnceLeavePositionsUniqueAndContiguous() throws Exception {
        int steps = 12;
        ResourceCard card = cardWithSteps(steps);
        List<UUID> ids = resources.steps(card.id(), Audience.EDITOR).stream().map(ResourceStep::id).toList();
        Random random = new Random(42);
        for (int round = 0; round < 10; round++) {
            List<List<UUID>> orders = new ArrayList<>();
            for (int editor = 0; editor < 2; editor++) {
                List<UUID> order = new ArrayList<>(ids);
                Collections.shuffle(order, random);
                orders.add(order);
            }
            List<Race.Outcome<List<ResourceStep>>> outcomes = Race.run(2,
                    i -> () -> resources.reorderSteps(card.id(), orders.get(i), ctx));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isInstanceOf(List.class));
            assertContiguous(card.id(), steps);
            // The last writer's order is the card's order: never a mix of the two.
            List<UUID> now = resources.steps(card.id(), Audience.EDITOR).stream().map(ResourceStep::id).toList();
            assertThat(orders).contains(now);
        }
    }

    @Test
    void concurrentAddsMovesAndRemovesOnOneCardKeepPositionsContiguous() throws Exception {
        ResourceCard card = cardWithSteps(10);
        List<UUID> ids = resources.steps(card.id(), Audience.EDITOR).stream().map(ResourceStep::id).toList();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            tasks.add(() -> resources.addStep(card.id(), n, StepInput.of("New " + n, "b"), ctx));
        }
        tasks.add(() -> resources.moveStep(ids.get(9), 0, ctx));
        tasks.add(() -> resources.moveStep(ids.get(0), 5, ctx));
        tasks.add(() -> { resources.removeStep(ids.get(4), ctx); return "removed"; });
        tasks.add(() -> { resources.removeStep(ids.get(7), ctx); return "removed"; });
        tasks.add(() -> resources.reorderSteps(card.id(), ids, ctx)); // may legitimately lose to a change of the set
        List<Race.Outcome<Object>> outcomes = Race.run(tasks.size(), tasks::get);
        for (int i = 0; i < 7; i++) {
            assertThat(outcomes.get(i).error()).as("call %d", i).isNull();
        }
        assertThat(outcomes.get(7)).satisfiesAnyOf(
                o -> assertThat(o.value()).isInstanceOf(List.class),
                o -> assertThat(o.error()).isInstanceOf(ValidationException.class));
        assertContiguous(card.id(), 10 + 3 - 2);
    }

    @Test
    void theDatabaseRefusesAGapLeftByHandWrittenSql() throws SQLException {
        ResourceCard card = cardWithSteps(3);
        try (Connection c = portal.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("UPDATE portal.resource_steps SET position = 7 WHERE card_id = '" + card.id() + "' AND position = 2");
            assertThatThrownBy(c::commit).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("23514")).hasMessageContaining("not numbered 0 to 2");
            c.rollback();
            c.setAutoCommit(true);
        }
        assertContiguous(card.id(), 3);
    }

    @Test
    void stepsGoWithTheirCardButStayWhileItIsSoftDeleted() {
        ResourceCard card = cardWithSteps(2);
        resources.delete(card.id(), ctx);
        assertThat(resources.steps(card.id(), Audience.EDITOR)).isEmpty();
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_steps WHERE card_id = ?", card.id()))
                .isEqualTo(2);
        resources.restore(card.id(), ctx);
        assertThat(resources.steps(card.id(), Audience.EDITOR)).hasSize(2);
        UUID kept = resources.steps(card.id(), Audience.EDITOR).get(0).id();
        resources.delete(card.id(), ctx);
        assertThatThrownBy(() -> resources.addStep(card.id(), null, StepInput.of("x", "b"), ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("Resource card"));
        // A deleted card's steps are not found either (steps() shows none).
        assertThatThrownBy(() -> resources.removeStep(kept, ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("Resource step"));
        ContentTests.execute(portal, "DELETE FROM portal.resource_cards WHERE id = ?", card.id());
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_steps WHERE card_id = ?", card.id()))
                .isZero();
    }
}
