package dev.portalkit.content.internal;

import dev.portalkit.content.TimelineItem;
import dev.portalkit.content.TimelineItemInput;
import dev.portalkit.content.TimelineKey;
import dev.portalkit.content.TimelineKind;
import dev.portalkit.content.TimelineProgress;
import dev.portalkit.content.TimelineService;
import dev.portalkit.content.TimelineStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Validation;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultTimelineService implements TimelineService {

    private static final int MAX_ITEMS = 1000;
    private static final int MAX_KEYS = 500;

    private final ContentContext c;

    DefaultTimelineService(ContentContext c) {
        this.c = c;
    }

    private TimelineItemMapper items() {
        return c.mapper(TimelineItemMapper.class);
    }

    @Override
    public TimelineItem add(TimelineKey timeline, Integer position, TimelineItemInput input, CallContext context) {
        TimelineItemInput in = normalise(input);
        Validation v = validate(in);
        validate(v, timeline);
        if (position != null && position < 0) {
            v.fail("position", "must be zero or more");
        }
        v.throwIfInvalid();
        return c.tx.callRetrying(() -> {
            TimelineItemMapper m = locked(timeline);
            int at = Positions.ITEMS.makeRoom(m, timeline, position, MAX_ITEMS);
            TimelineItem item = m.insert(timeline, at, in); // unknown user: timeline_items_user_fkey
            c.audit("timeline_item.added", "timeline_item", item.id(), null, fields(item), null, context);
            return item;
        });
    }

    @Override
    public TimelineItem update(UUID id, TimelineItemInput input, CallContext context) {
        TimelineItemInput in = normalise(input);
        validate(in).throwIfInvalid();
        return c.tx.callRetrying(() -> {
            TimelineItem before = requireLocked(id);
            TimelineItem after = items().update(id, in);
            c.audit("timeline_item.updated", "timeline_item", id, fields(before), fields(after), null, context);
            return after;
        });
    }

    @Override
    public TimelineItem setStatus(UUID id, TimelineStatus status, CallContext context) {
        return c.tx.callRetrying(() -> {
            TimelineItem before = requireLocked(id);
            if (before.status() == status) {
                return before;
            }
            TimelineItem after = items().setStatus(id, status, c.now());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("status", status.name());
            a.put("completedAt", after.completedAt() == null ? null : after.completedAt().toString());
            c.audit("timeline_item.status_changed", "timeline_item", id, Map.of("status", before.status().name()), a,
                    null, context);
            return after;
        });
    }

    @Override
    public TimelineItem markDone(UUID id, CallContext context) {
        return setStatus(id, TimelineStatus.DONE, context);
    }

    @Override
    public List<TimelineItem> move(UUID id, int position, CallContext context) {
        if (position < 0) {
            throw new ValidationException("position", "must be zero or more");
        }
        return c.tx.callRetrying(() -> {
            TimelineItem item = requireLocked(id);
            TimelineItemMapper m = items();
            Positions.ITEMS.move(m, m.items(item.timeline()), TimelineItem::id, TimelineItem::position, id, position);
            c.audit("timeline_item.moved", "timeline_item", id, Map.of("position", item.position()),
                    Map.of("position", position), null, context);
            return m.list(item.timeline());
        });
    }

    @Override
    public void remove(UUID id, CallContext context) {
        c.tx.runRetrying(() -> {
            TimelineItem item = requireLocked(id);
            Positions.remove(items(), item.timeline(), id, item.position());
            c.audit("timeline_item.removed", "timeline_item", id, fields(item), null, null, context);
        });
    }

    @Override
    public List<TimelineItem> list(TimelineKey timeline) {
        validate(new Validation(), timeline).throwIfInvalid();
        return c.tx.readReplica(() -> items().list(timeline));
    }

    @Override
    public TimelineProgress progress(TimelineKey timeline) {
        validate(new Validation(), timeline).throwIfInvalid();
        return progress(List.of(timeline)).get(timeline);
    }

    @Override
    public Map<TimelineKey, TimelineProgress> progress(Collection<TimelineKey> timelines) {
        Set<TimelineKey> keys = new LinkedHashSet<>(timelines);
        Validation v = new Validation().check("timelines", keys.size() <= MAX_KEYS, "must be at most " + MAX_KEYS);
        for (TimelineKey k : keys) {
            validate(v, k);
        }
        v.throwIfInvalid();
        Map<TimelineKey, TimelineProgress> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, new TimelineProgress(k, 0, 0)));
        if (keys.isEmpty()) {
            return out;
        }
        for (ProgressRow r : c.tx.readReplica(() -> items().progress(keys))) {
            TimelineKey k = new TimelineKey(r.userId(), r.projectKey());
            out.put(k, new TimelineProgress(k, r.done(), r.total()));
        }
        return out;
    }

    private TimelineItemMapper locked(TimelineKey t) {
        TimelineItemMapper m = items();
        m.lock(c.schema + ".timeline_items:" + (t.userId() != null ? "user:" + t.userId() : "project:" + t.projectKey()));
        return m;
    }

    /** The item, re-read after locking its timeline. */
    private TimelineItem requireLocked(UUID id) {
        TimelineItem item = Positions.relocked(() -> items().find(id), seen -> {
            locked(seen.timeline());
            return true;
        });
        if (item == null) {
            throw new NotFoundException("Timeline item", id);
        }
        return item;
    }

    private static Validation validate(Validation v, TimelineKey t) {
        if (t == null) {
            return v.fail("timeline", "is required");
        }
        if (t.projectKey() != null) {
            v.text("timeline.projectKey", t.projectKey(), 1, 100, Checks.PROJECT_KEY,
                    "may hold letters, digits, and . _ : - between them");
        }
        return v;
    }

    private static TimelineItemInput normalise(TimelineItemInput in) {
        return new TimelineItemInput(in.title(), Checks.blankToNull(in.description()),
                in.kind() == null ? TimelineKind.TASK : in.kind(), in.dueAt(), in.occursAt(), in.metadata());
    }

    private Validation validate(TimelineItemInput in) {
        Validation v = new Validation()
                .text("title", in.title(), 1, 200)
                .optionalText("description", in.description(), 5000);
        return v.json("metadata", in.metadata());
    }

    private static Map<String, Object> fields(TimelineItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", i.userId() == null ? null : i.userId().toString());
        m.put("projectKey", i.projectKey());
        m.put("title", i.title());
        m.put("kind", i.kind().name());
        m.put("status", i.status().name());
        m.put("dueAt", i.dueAt() == null ? null : i.dueAt().toString());
        m.put("occursAt", i.occursAt() == null ? null : i.occursAt().toString());
        m.put("position", i.position());
        return m;
    }
}
