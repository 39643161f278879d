package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.User;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
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

class TimelineIT extends ContentSuite {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final TestClock CLOCK = new TestClock(T0);

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal(o -> o, CLOCK);

    private static TimelineKey project() {
        return TimelineKey.project("proj-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static List<String> titles(List<TimelineItem> items) {
        return items.stream().map(TimelineItem::title).toList();
    }

    @Test
    void aTimelineListsByDateThenPositionWithUndatedItemsLast() {
        TimelineKey t = project();
        Instant day1 = T0.plus(Duration.ofDays(1));
        Instant day2 = T0.plus(Duration.ofDays(2));
        timelines.add(t, null, TimelineItemInput.task("Undated", null), ctx);
        timelines.add(t, null, TimelineItemInput.milestone("Launch", day2), ctx);
        timelines.add(t, null, TimelineItemInput.event("Kick-off", day1), ctx);
        timelines.add(t, null, TimelineItemInput.task("Brief", day1), ctx);
        assertThat(titles(timelines.list(t))).containsExactly("Kick-off", "Brief", "Launch", "Undated");

        // Moving changes the order among items of the same date.
        UUID brief = timelines.list(t).get(1).id();
        List<TimelineItem> moved = timelines.move(brief, 0, ctx);
        assertThat(titles(moved)).containsExactly("Brief", "Kick-off", "Launch", "Undated");
        assertThat(moved.stream().map(TimelineItem::position).sorted().toList()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void markingDoneSetsCompletedAtAndProgressCountsDoneItems() {
        TimelineKey mine = TimelineKey.user(user.id());
        TimelineKey other = project();
        TimelineItem a = timelines.add(mine, null, TimelineItemInput.task("A", null), ctx);
        TimelineItem b = timelines.add(mine, null, TimelineItemInput.task("B", null), ctx);
        timelines.add(mine, null, TimelineItemInput.task("C", null), ctx);
        timelines.add(other, null, TimelineItemInput.task("X", null), ctx);

        CLOCK.advance(Duration.ofHours(3));
        TimelineItem done = timelines.markDone(a.id(), ctx);
        assertThat(done.status()).isEqualTo(TimelineStatus.DONE);
        assertThat(done.completedAt()).isEqualTo(CLOCK.instant());
        CLOCK.advance(Duration.ofHours(1));
        assertThat(timelines.markDone(a.id(), ctx).completedAt()).isEqualTo(done.completedAt());
        timelines.setStatus(b.id(), TimelineStatus.IN_PROGRESS, ctx);

        assertThat(timelines.progress(mine)).isEqualTo(new TimelineProgress(mine, 1, 3));
        assertThat(timelines.progress(mine).percent()).isEqualTo(33);
        TimelineKey empty = project();
        Map<TimelineKey, TimelineProgress> all = timelines.progress(List.of(mine, other, empty));
        assertThat(all).containsEntry(mine, new TimelineProgress(mine, 1, 3))
                .containsEntry(other, new TimelineProgress(other, 0, 1))
                .containsEntry(empty, new TimelineProgress(empty, 0, 0));

        TimelineItem reopened = timelines.setStatus(a.id(), TimelineStatus.BLOCKED, ctx);
        assertThat(reopened.completedAt()).isNull();
        assertThat(timelines.progress(mine).done()).isZero();
    }

    @Test
    void removingAnItemClosesTheGapAndEveryChangeIsAudited() {
        TimelineKey t = project();
        TimelineItem a = timelines.add(t, null, TimelineItemInput.task("A", null), ctx);
        timelines.add(t, null, TimelineItemInput.task("B", null), ctx);
        timelines.add(t, 0, TimelineItemInput.task("Z", null), ctx);
        timelines.update(a.id(), TimelineItemInput.task("A2", null).withDescription("<b>bold</b> 🚀"), ctx);
        timelines.remove(a.id(), ctx);
        List<TimelineItem> left = timelines.list(t);
        assertThat(titles(left)).containsExactly("Z", "B");
        assertThat(left).extracting(TimelineItem::position).containsExactly(0, 1);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ?", a.id()))
                .isEqualTo(3);
        assertThatThrownBy(() -> timelines.markDone(a.id(), ctx)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputIsATypedErrorNamingTheField() {
        long before = number(portal.dataSource(), "SELECT count(*) FROM portal.timeline_items");
        assertThatThrownBy(() -> timelines.add(project(), null, TimelineItemInput.task("", null), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("title")).isTrue());
        assertThatThrownBy(() -> timelines.add(TimelineKey.project("no spaces allowed"), null, TimelineItemInput.task("T", null), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("timeline.projectKey")).isTrue());
        assertThatThrownBy(() -> timelines.add(TimelineKey.user(UUID.randomUUID()), null, TimelineItemInput.task("T", null), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("timeline.userId")).isTrue());
        assertThatThrownBy(() -> new TimelineKey(user.id(), "both"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("timeline")).isTrue());
        assertThatThrownBy(() -> timelines.add(project(), 3, TimelineItemInput.task("T", null), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("position")).isTrue());
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.timeline_items")).isEqualTo(before);
    }

    @Test
    void concurrentAddsAndMovesOnOneTimelineKeepPositionsContiguous() throws Exception {
        TimelineKey t = project();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(timelines.add(t, null, TimelineItemInput.task("I" + i, null), ctx).id());
        }
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(() -> timelines.add(t, 0, TimelineItemInput.task("New", null), ctx));
        }
        tasks.add(() -> timelines.move(ids.get(4), 0, ctx));
        tasks.add(() -> timelines.move(ids.get(0), 3, ctx));
        tasks.add(() -> { timelines.remove(ids.get(2), ctx); return "removed"; });
        assertThat(Race.run(tasks.size(), tasks::get)).noneMatch(Race.Outcome::failed);
        assertThat(timelines.list(t).stream().map(TimelineItem::position).sorted().toList())
                .containsExactlyElementsOf(IntStream.range(0, 8).boxed().toList());
    }

    @Test
    void aUsersTimelineGoesWithTheUser() {
        User temp = ContentTests.user(portal, "Gone");
        TimelineKey t = TimelineKey.user(temp.id());
        timelines.add(t, null, TimelineItemInput.task("Mine", null), ctx);
        ContentTests.execute(portal, "DELETE FROM portal.users WHERE id = ?", temp.id());
        assertThat(timelines.list(t)).isEmpty();
    }
}
