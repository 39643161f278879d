package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.Availability;
import dev.portalkit.billing.booking.Slot;
import dev.portalkit.billing.booking.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Working windows and slots of an {@link Availability}, always in its zone (never the JVM's).
 * Slot starts that do not exist locally (spring forward) are skipped; ambiguous ones (fall back)
 * take the earlier offset. A window bound inside a gap moves to the end of the gap. Not API.
 */
public final class Schedules {

    private Schedules() {
    }

    /** One working window: local date and hours, resolved to instants. */
    record Window(LocalDate date, TimeRange hours, LocalDateTime localStart, Instant start, Instant end) {
    }

    /** The working windows that may touch [from, to). */
    static List<Window> windows(Availability a, Instant from, Instant to) {
        ZoneId zone = ZoneId.of(a.timeZone());
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
        List<Window> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            List<TimeRange> hours = a.dateOverrides().containsKey(d) ? a.dateOverrides().get(d)
                    : a.weeklyHours().getOrDefault(d.getDayOfWeek(), List.of());
            for (TimeRange r : hours) {
                LocalDateTime start = d.atTime(r.start());
                LocalDateTime end = r.endsAtMidnight() ? d.plusDays(1).atStartOfDay() : d.atTime(r.end());
                Instant s = ZonedDateTime.ofLocal(start, zone, null).toInstant();
                Instant e = ZonedDateTime.ofLocal(end, zone, null).toInstant();
                if (e.isAfter(s) && e.isAfter(from) && s.isBefore(to)) {
                    out.add(new Window(d, r, start, s, e));
                }
            }
        }
        return out;
    }

    /**
     * Whether [start, end) lies inside working time: one window, or windows that follow each other
     * without a gap (22:00-24:00 then 00:00-02:00 takes 23:00-01:00, so a provider working every hour
     * can be booked across midnight).
     */
    public static boolean covers(Availability a, Instant start, Instant end) {
        List<Window> ws = new ArrayList<>(windows(a, start, end));
        ws.sort(Comparator.comparing(Window::start));
        Instant reached = start;
        for (Window w : ws) {
            if (w.start().isAfter(reached)) {
                return false; // a gap: sorted by start, no later window can fill it
            }
            if (w.end().isAfter(reached)) {
                reached = w.end();
            }
            if (!reached.isBefore(end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Slots of {@code length}, starting every {@code step} of local time from each window's start,
     * that fit the window, lie in [from, to), and pass {@code free}.
     */
    public static List<Slot> slots(Availability a, Instant from, Instant to, Duration length, Duration step,
                                   Predicate<Slot> free) {
        ZoneId zone = ZoneId.of(a.timeZone());
        List<Slot> out = new ArrayList<>();
        for (Window w : windows(a, from, to)) {
            for (LocalDateTime t = w.localStart(); ; t = t.plus(step)) {
                if (zone.getRules().getValidOffsets(t).isEmpty()) {
                    if (!t.isBefore(w.localStart().plusDays(2))) {
                        break;
                    }
                    continue; // does not exist on this day (spring forward)
                }
                Instant s = ZonedDateTime.ofLocal(t, zone, null).toInstant();
                Instant e = s.plus(length);
                if (e.isAfter(w.end())) {
                    break;
                }
                if (s.isBefore(w.start())) {
                    continue;
                }
                Slot slot = new Slot(s, e);
                if (!s.isBefore(from) && !e.isAfter(to) && free.test(slot)) {
                    out.add(slot);
                }
            }
        }
        out.sort((x, y) -> x.start().compareTo(y.start()));
        return out;
    }
}
