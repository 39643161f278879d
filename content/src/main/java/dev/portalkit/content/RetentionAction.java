package dev.portalkit.content;

/** What {@link FormService#applyRetention} does to old submissions. */
public enum RetentionAction {
    /** Deletes the rows. */
    PURGE,
    /**
     * Keeps form, status and dates for statistics; clears name, e-mail, subject, message, extra fields,
     * IP address, user agent and the submitting user.
     */
    ANONYMISE
}
