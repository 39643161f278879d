package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The methods issue #21 added to ResourceService, walked with null and extreme arguments: each is refused with a
 * typed error (a ValidationException naming the parameter, or NotFoundException) and no table changes.
 */
class SchedulesAndVersionsHostileIT extends ContentSuite {

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal();

    private String everything() {
        return Queries.everyText(portal.dataSource(), "portal").replaceAll("(?m)^activity_logs.*\\n", "")
                + Queries.column(portal.dataSource(), "SELECT count(*)::text || '/' || coalesce(max(version), 0)::text"
                + " FROM portal.resource_cards") + Queries.column(portal.dataSource(), "SELECT count(*)::text FROM portal.activity_logs");
    }

    @Test
    void nullAndExtremeArgumentsAreTypedErrorsAndChangeNothing() {
        ResourceCard card = resources.create(CardInput.of("Hostile", "h"), ctx);
        resources.addStep(card.id(), null, StepInput.of("S", "s"), ctx);
        UUID id = card.id();
        long v = resources.find(id, Audience.EDITOR).orElseThrow().version();
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        String before = everything();

        List<Object[]> calls = new ArrayList<>();
        add(calls, "id", ValidationException.class, () -> resources.schedule(null, t, null, ctx));
        add(calls, "context", ValidationException.class, () -> resources.schedule(id, t, null, null));
        add(calls, "publishAt", ValidationException.class, () -> resources.schedule(id, null, null, ctx));
        add(calls, "publishAt", ValidationException.class, () -> resources.schedule(id, Instant.MIN, null, ctx));
        add(calls, "unpublishAt", ValidationException.class, () -> resources.schedule(id, null, Instant.MAX, ctx));
        add(calls, "unpublishAt", ValidationException.class, () -> resources.schedule(id, t, Instant.EPOCH, ctx));
        add(calls, "id", ValidationException.class, () -> resources.cancelSchedule(null, ctx));
        add(calls, "context", ValidationException.class, () -> resources.cancelSchedule(id, null));
        add(calls, "context", ValidationException.class, () -> resources.publishDue(null));
        add(calls, "cardId", ValidationException.class, () -> resources.versions(null, PageRequest.first(5)));
        add(calls, "page", ValidationException.class, () -> resources.versions(id, null));
        add(calls, "cursor", ValidationException.class, () -> resources.versions(id, new PageRequest("\u0000\uFFFF", 5)));
        add(calls, "cursor", ValidationException.class, () -> resources.versions(id, new PageRequest("OTk5OTk5OTk5OTk5OTk5", 5)));
        add(calls, "cardId", ValidationException.class, () -> resources.version(null, 1));
        add(calls, "cardId", ValidationException.class, () -> resources.restoreVersion(null, 1, v, ctx));
        add(calls, "context", ValidationException.class, () -> resources.restoreVersion(id, 1, v, null));
        add(calls, "number", ValidationException.class, () -> resources.restoreVersion(id, -1, v, ctx));
        add(calls, "number", ValidationException.class, () -> resources.restoreVersion(id, Integer.MIN_VALUE, v, ctx));
        add(calls, null, NotFoundException.class, () -> resources.restoreVersion(id, Integer.MAX_VALUE, v, ctx));
        add(calls, null, dev.portalkit.core.StaleVersionException.class, () -> resources.restoreVersion(id, 1, Long.MIN_VALUE, ctx));
        add(calls, null, NotFoundException.class, () -> resources.schedule(UUID.randomUUID(), t, null, ctx));
        add(calls, "context.actorId", ValidationException.class,
                () -> resources.schedule(id, t, null, CallContext.of(UUID.randomUUID(), null, null)));
        for (Object[] call : calls) {
            @SuppressWarnings("unchecked")
            Supplier<Object> s = (Supplier<Object>) call[2];
            Throwable thrown = catchThrowable(s::get);
            assertThat(thrown).as("%s", call[0]).isInstanceOf((Class<?>) call[1]).isInstanceOf(PortalException.class);
            if (call[0] != null) {
                assertThat(((ValidationException) thrown).hasError((String) call[0])).as("%s: %s", call[0], thrown.getMessage()).isTrue();
            }
        }
        assertThat(resources.version(id, Integer.MIN_VALUE)).isEmpty();
        assertThat(resources.version(id, Integer.MAX_VALUE)).isEmpty();
        assertThat(resources.versions(UUID.randomUUID(), PageRequest.first(PageRequest.MAX_LIMIT)).items()).isEmpty();
        assertThat(everything()).isEqualTo(before);
    }

    private static void add(List<Object[]> calls, String field, Class<? extends Throwable> type, Supplier<Object> call) {
        calls.add(new Object[] {field, type, call});
    }
}
