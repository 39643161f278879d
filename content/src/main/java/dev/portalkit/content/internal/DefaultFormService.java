package dev.portalkit.content.internal;

import dev.portalkit.content.ContentOptions.RateLimit;
import dev.portalkit.content.FormService;
import dev.portalkit.content.FormSubmission;
import dev.portalkit.content.NewSubmission;
import dev.portalkit.content.RetentionAction;
import dev.portalkit.content.SubmissionQuery;
import dev.portalkit.content.SubmissionRejectedException;
import dev.portalkit.content.SubmissionStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultFormService implements FormService {

    private static final int MAX_RETENTION_DAYS = 36_500;
    /** A form is a handful of fields; a bot posting hundreds is refused. */
    private static final int MAX_FIELDS = 50;

    private final ContentContext c;

    DefaultFormService(ContentContext c) {
        this.c = c;
    }

    private FormSubmissionMapper submissions() {
        return c.mapper(FormSubmissionMapper.class);
    }

    @Override
    public FormSubmission submit(NewSubmission submission, CallContext context) {
        String formKey = Checks.key(submission.formKey());
        // The honeypot first: a bot's other fields are as likely to be garbage, and it learns nothing.
        if (submission.honeypot() != null && !submission.honeypot().isEmpty()) {
            throw SubmissionRejectedException.honeypot(
                    formKey != null && formKey.length() <= 100 && Checks.FORM_KEY.matcher(formKey).matches() ? formKey : "?");
        }
        NewSubmission in = new NewSubmission(formKey, strip(submission.name()), strip(submission.email()),
                Checks.blankToNull(submission.subject()), Checks.blankToNull(submission.message()), submission.fields(), null);
        Validation v = new Validation()
                .text("formKey", in.formKey(), 1, 100, Checks.FORM_KEY,
                        "may hold lowercase letters, digits, and . _ - between them")
                .text("name", in.name(), 1, 200);
        Checks.email(v, "email", in.email());
        v.optionalText("subject", in.subject(), 200)
                .optionalText("message", in.message(), c.options.maxMessageLength());
        v.json("fields", in.fields()).check("fields", in.fields() == null || in.fields().size() <= MAX_FIELDS,
                "must have at most " + MAX_FIELDS + " fields");
        v.throwIfInvalid();
        RateLimit limit = c.options.rateLimitFor(in.formKey());
        String ip = context.ip();
        return c.tx.callRetrying(() -> {
            FormSubmissionMapper m = submissions();
            Instant now = c.now();
            if (ip != null && limit.enabled()) {
                m.lock(c.schema + ".form_submissions:" + in.formKey() + ":" + ip);
                if (m.countSince(in.formKey(), ip, now.minus(limit.window())) >= limit.maxSubmissions()) {
                    throw SubmissionRejectedException.rateLimited(in.formKey(), limit.maxSubmissions(), limit.window());
                }
            }
            FormSubmission stored = m.insert(in, ip, context.userAgent(), context.actorId(), now);
            // Only the form: the audit trail is no place for a visitor's message or address.
            c.audit("form_submission.received", "form_submission", stored.id(), null,
                    Map.of("formKey", stored.formKey(), "status", stored.status().name()), null, context);
            return stored;
        });
    }

    @Override
    public Optional<FormSubmission> find(UUID id) {
        return Optional.ofNullable(c.tx.readReplica(() -> submissions().find(id)));
    }

    @Override
    public Page<FormSubmission> list(SubmissionQuery query, PageRequest page) {
        SubmissionQuery q = new SubmissionQuery(Checks.key(query.formKey()), query.status(), query.from(), query.to());
        Validation v = new Validation();
        if (q.formKey() != null) {
            v.text("formKey", q.formKey(), 1, 100, Checks.FORM_KEY, "may hold lowercase letters, digits, and . _ - between them");
        }
        v.check("to", q.from() == null || q.to() == null || q.from().isBefore(q.to()), "must be after from");
        v.throwIfInvalid();
        Cursors.TimeKey after = Cursors.timeKey(page.cursor());
        List<FormSubmission> rows = c.tx.readReplica(() -> submissions().list(q, after.at(), after.id(), page.limit() + 1));
        return Cursors.page(rows, page.limit(), last -> Cursors.encode(last.submittedAt(), last.id()));
    }

    @Override
    public FormSubmission changeStatus(UUID id, SubmissionStatus status, CallContext context) {
        return c.tx.callRetrying(() -> {
            FormSubmission before = submissions().lockOne(id);
            if (before == null) {
                throw new NotFoundException("Form submission", id);
            }
            FormSubmission after = submissions().setStatus(id, status, context.actorId(), c.now());
            c.audit("form_submission.status_changed", "form_submission", id, Map.of("status", before.status().name()),
                    Map.of("status", after.status().name()), null, context);
            return after;
        });
    }

    @Override
    public int applyRetention(int days, RetentionAction action, CallContext context) {
        new Validation()
                .check("days", days >= 1 && days <= MAX_RETENTION_DAYS, "must be 1 to " + MAX_RETENTION_DAYS)
                .notNull("action", action)
                .throwIfInvalid();
        return c.tx.callRetrying(() -> {
            Instant now = c.now();
            Instant cutoff = now.minus(Duration.ofDays(days));
            int n = action == RetentionAction.PURGE ? submissions().purge(cutoff) : submissions().anonymise(cutoff, now);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("action", action.name());
            meta.put("days", days);
            meta.put("cutoff", cutoff.toString());
            meta.put("rows", n);
            c.audit("form_submission.retention_applied", "form_submission", null, null, null, meta, context);
            return n;
        });
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
