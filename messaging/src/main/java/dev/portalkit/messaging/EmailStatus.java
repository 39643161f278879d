package dev.portalkit.messaging;

/** Where an e-mail of the outbox stands. */
public enum EmailStatus {
    /** Waiting for a worker ({@link EmailService#deliverPending}); also after a failed attempt that will be retried. */
    QUEUED,
    /** Claimed by a worker under a lease; if the worker dies, another takes it over when the lease ends. */
    SENDING,
    /** The SMTP server (or provider) accepted it. */
    SENT,
    /** The provider reported delivery to the recipient's server. */
    DELIVERED,
    /** Hard bounce: the address does not take mail. Later mail to it is {@link #SUPPRESSED}. */
    BOUNCED,
    /** The recipient marked it as spam. Later mail to the address is {@link #SUPPRESSED}. */
    COMPLAINED,
    /** Refused for good, or every attempt failed; {@link EmailLog#lastError()} says why. */
    FAILED,
    /**
     * The message data reached the server but its answer did not come back: it may or may not have
     * been accepted. Not retried, since a retry is how recipients get duplicates; a later
     * {@code DELIVERED} or {@code BOUNCED} event settles it.
     */
    UNKNOWN,
    /** Not sent: the address bounced or complained before. */
    SUPPRESSED;

    /** Whether nothing will happen to the e-mail any more without a tracking event. */
    public boolean settled() {
        return this != QUEUED && this != SENDING;
    }
}
