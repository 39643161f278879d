package dev.portalkit.content;

import dev.portalkit.core.PortalException;
import java.time.Duration;

/**
 * The spam guard refused a form submission; nothing was stored. A host usually answers a
 * {@link Reason#HONEYPOT} rejection like a success (so bots learn nothing) and a
 * {@link Reason#RATE_LIMITED} one with HTTP 429.
 */
public class SubmissionRejectedException extends PortalException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The hidden honeypot field was filled in: only bots do that. */
        HONEYPOT,
        /** The client's IP address sent too many submissions to this form within the window. */
        RATE_LIMITED
    }

    private final Reason reason;

    private SubmissionRejectedException(ContentError code, Reason reason, Object... args) {
        super(code, args);
        this.reason = reason;
    }

    public static SubmissionRejectedException honeypot(String formKey) {
        return new SubmissionRejectedException(ContentError.SUBMISSION_REJECTED_SPAM, Reason.HONEYPOT, formKey);
    }

    public static SubmissionRejectedException rateLimited(String formKey, int limit, Duration window) {
        return new SubmissionRejectedException(ContentError.SUBMISSION_RATE_LIMITED, Reason.RATE_LIMITED,
                formKey, limit, window);
    }

    public Reason reason() {
        return reason;
    }
}
