package dev.portalkit.content;

import java.time.Instant;

/**
 * Filters for {@link FormService#list}; {@code null} matches everything. Newest first.
 *
 * @param from submitted at or after
 * @param to   submitted before
 */
public record SubmissionQuery(String formKey, SubmissionStatus status, Instant from, Instant to) {

    public static SubmissionQuery all() {
        return new SubmissionQuery(null, null, null, null);
    }

    public SubmissionQuery forForm(String key) {
        return new SubmissionQuery(key, status, from, to);
    }

    public SubmissionQuery withStatus(SubmissionStatus s) {
        return new SubmissionQuery(formKey, s, from, to);
    }

    public SubmissionQuery between(Instant f, Instant t) {
        return new SubmissionQuery(formKey, status, f, t);
    }
}
