package dev.portalkit.billing.booking;

import dev.portalkit.core.CallContext;

/**
 * Hands a due booking reminder to the host (BillingOptions.reminderSender), inside the transaction of
 * {@link BookingService#sendDueReminders} that marks it SENT: throwing rolls the claim back, and the reminder
 * is claimed again by a later run. Keep it to work on the same database (queue a row); a call to the outside
 * world here runs inside a database transaction and may happen again if the commit fails.
 */
@FunctionalInterface
public interface ReminderSender {

    void send(BookingReminder reminder, CallContext context);
}
