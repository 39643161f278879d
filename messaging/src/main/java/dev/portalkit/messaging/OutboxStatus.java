package dev.portalkit.messaging;

import java.time.Duration;

/**
 * The outbox's backlog now: the e-mails {@link EmailService#deliverPending} would claim if it ran
 * this instant. Queued e-mails whose next attempt is due, and e-mails whose sending worker's lease
 * has ended (it died or is late); not those waiting out a retry's backoff, nor those being sent
 * under a live lease, nor any already settled.
 *
 * @param waiting   how many e-mails are due and not sent
 * @param oldestAge how long the one due longest has been due (for a lease that ended: since it
 *                  ended); {@code null} when none waits
 */
public record OutboxStatus(long waiting, Duration oldestAge) {

    /** Nothing waits. */
    public static final OutboxStatus EMPTY = new OutboxStatus(0, null);

    public OutboxStatus {
        if (waiting < 0) {
            throw new IllegalArgumentException("waiting must not be negative: " + waiting);
        }
        if ((waiting == 0) != (oldestAge == null)) {
            throw new IllegalArgumentException("oldestAge is null exactly when nothing waits");
        }
    }
}
