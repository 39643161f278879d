package dev.portalkit.billing.booking;

/**
 * What one {@link BookingService#sendDueReminders} call did.
 *
 * @param sent      reminders handed to the sender and marked SENT
 * @param withdrawn due reminders withdrawn instead: the booking was no longer PENDING or CONFIRMED, had already
 *                  started, or its customer is gone
 * @param sender    {@code "hook"} (BillingOptions.reminderSender), {@code "outbox"} (portalkit-messaging's
 *                  outbox) or {@code "none"}: nothing was claimed, nobody could send
 */
public record ReminderRun(int sent, int withdrawn, String sender) {
}
