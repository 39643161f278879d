package dev.portalkit.content;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * Contact forms and lead capture: submissions, their handling and their retention. A status change
 * of a submission that does not exist throws core's {@link dev.portalkit.core.NotFoundException}
 * (entity {@code Form submission}).
 */
public interface FormService {

    /**
     * Validates and stores a submission as NEW, with the client's IP address and user agent from
     * {@code context}.
     *
     * @throws dev.portalkit.core.ValidationException naming each bad field (nothing is stored)
     * @throws SubmissionRejectedException when the honeypot is filled in or the IP address is over the
     *                                     form's rate limit (nothing is stored)
     */
    FormSubmission submit(NewSubmission submission, CallContext context);

    Optional<FormSubmission> find(UUID id);

    /** Newest first, keyset-paginated. */
    Page<FormSubmission> list(SubmissionQuery query, PageRequest page);

    /** Records the new status, the acting user as handler and now as the handling time. */
    FormSubmission changeStatus(UUID id, SubmissionStatus status, CallContext context);

    /**
     * Purges or anonymises every submission submitted more than {@code days} days ago, in one
     * transaction. Returns how many rows changed (already anonymised rows do not count again).
     */
    int applyRetention(int days, RetentionAction action, CallContext context);
}
