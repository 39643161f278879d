package dev.portalkit.billing.internal;

import dev.portalkit.billing.booking.BookingReminder;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.ReminderRun;
import dev.portalkit.billing.booking.ReminderSender;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.Outbox;
import dev.portalkit.core.spi.Validation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Booking reminders: written with the booking ({@link BookingMapper#insertAudited}), withdrawn by a
 * cancellation, moved by a reschedule ({@link BookingMapper#linkRescheduled}), sent by
 * {@link BookingService#sendDueReminders}. Not API.
 */
final class Reminders {

    static final String TEMPLATE = "booking.reminder";
    static final int MAX_BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(Reminders.class);

    private final BillingContext billing;
    private final Supplier<Optional<Outbox>> outbox;
    private final List<Long> offsets;

    Reminders(BillingContext billing, Supplier<Optional<Outbox>> outbox) {
        this.billing = billing;
        this.outbox = outbox;
        this.offsets = billing.options.reminderOffsets().stream().map(Duration::getSeconds).toList();
    }

    /** The configured offsets in seconds, for the booking's INSERT. */
    List<Long> offsets() {
        return offsets;
    }

    /** In the cancellation's transaction. */
    void withdraw(UUID bookingId) {
        billing.mapper(BookingReminderMapper.class).withdraw(bookingId);
    }

    ReminderRun sendDue(int batch, CallContext context) {
        new Validation().check("batch", batch >= 1 && batch <= MAX_BATCH, "must be 1 to " + MAX_BATCH).throwIfInvalid();
        ReminderSender hook = billing.options.reminderSender();
        Optional<Outbox> box = hook != null ? Optional.empty() : outbox.get();
        if (hook == null && box.isEmpty()) {
            log.debug("portalkit-billing: due booking reminders are not sent: no BillingOptions.reminderSender and no"
                    + " portalkit-messaging outbox installed");
            return new ReminderRun(0, 0, "none");
        }
        String sender = hook != null ? "hook" : "outbox";
        ReminderRun run = billing.tx.call(() -> {
            Instant now = billing.now();
            BookingReminderMapper m = billing.mapper(BookingReminderMapper.class);
            List<UUID> sent = new ArrayList<>();
            List<UUID> withdrawn = new ArrayList<>();
            for (ReminderRow r : m.claim(now, batch)) {
                boolean live = ("PENDING".equals(r.bookingStatus()) || "CONFIRMED".equals(r.bookingStatus()))
                        && r.startsAt().isAfter(now) && r.customerEmail() != null;
                if (!live) {
                    withdrawn.add(r.id());
                    continue;
                }
                BookingReminder reminder = reminder(r);
                if (hook != null) {
                    hook.send(reminder, context);
                } else {
                    box.get().queue(TEMPLATE, r.customerEmail(), r.customerId(), model(reminder),
                            reminder.idempotencyKey(), context);
                }
                sent.add(r.id());
                billing.audit("booking.reminder_sent", "booking", r.bookingId(), null,
                        Map.of("reminderId", r.id().toString(), "offsetSeconds", r.offsetSeconds()), null, context);
            }
            if (!sent.isEmpty()) {
                m.mark(sent, "SENT", now);
            }
            if (!withdrawn.isEmpty()) {
                m.mark(withdrawn, "WITHDRAWN", now);
            }
            return new ReminderRun(sent.size(), withdrawn.size(), sender);
        });
        billing.count("portalkit.billing.reminders", "sent", run.sent());
        billing.count("portalkit.billing.reminders", "withdrawn", run.withdrawn());
        return run;
    }

    private static BookingReminder reminder(ReminderRow r) {
        ZoneId zone = BookingCalendars.zone(r.zone());
        return new BookingReminder(r.id(), r.bookingId(), r.customerId(), r.providerId(),
                Duration.ofSeconds(r.offsetSeconds()), r.dueAt(), r.startsAt().atZone(zone), r.endsAt().atZone(zone),
                r.title(), r.location(), r.meetingUrl(), r.customerEmail(), r.customerName(),
                "booking-reminder:" + r.id());
    }

    /** The template's model: README "Booking reminders" lists the names. */
    static Map<String, Object> model(BookingReminder r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bookingId", r.bookingId().toString());
        m.put("title", r.title());
        m.put("start", r.start().toOffsetDateTime().toString());
        m.put("end", r.end().toOffsetDateTime().toString());
        m.put("timeZone", r.start().getZone().getId());
        m.put("startDate", r.start().toLocalDate().toString());
        m.put("startTime", r.start().toLocalTime().toString());
        m.put("offsetMinutes", r.offset().toMinutes());
        m.put("location", r.location() == null ? "" : r.location());
        m.put("meetingUrl", r.meetingUrl() == null ? "" : r.meetingUrl());
        m.put("customerName", r.customerName() == null ? "" : r.customerName());
        return m;
    }
}
