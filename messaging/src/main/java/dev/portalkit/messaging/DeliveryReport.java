package dev.portalkit.messaging;

/**
 * What one {@link EmailService#deliverPending} run did.
 *
 * @param claimed    rows this worker claimed
 * @param sent       accepted by the sender
 * @param retrying   failed this time, queued again with backoff
 * @param failed     failed for good (permanent refusal, or the last attempt)
 * @param unknown    the data reached the server but no answer came back: not retried
 * @param suppressed not sent: the address bounced or complained before
 * @param lost       results not recorded because the lease had ended and another worker took the row over
 */
public record DeliveryReport(int claimed, int sent, int retrying, int failed, int unknown, int suppressed, int lost) {

    public static final DeliveryReport NONE = new DeliveryReport(0, 0, 0, 0, 0, 0, 0);
}
