package dev.portalkit.billing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.spi.PersonalData;
import dev.portalkit.core.spi.PersonalData.Entity;
import dev.portalkit.core.spi.PersonalData.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Billing's part of data-subject requests (README "Privacy"): exports subscriptions, payments, refunds, bookings
 * (as customer, and as provider without the customers' data), reminders and availability; erases by deleting
 * reminders and availability, anonymising the user's bookings, subscriptions' metadata, and the free text of
 * payments and refunds, which are kept with amounts, currency, status and dates, and by scrubbing the user's
 * e-mail and name where they appear in rows that are someone else's too. Not API.
 */
final class BillingPersonalData implements PersonalData {

    /** What replaces a mention: never longer than what it replaces (names under 3 characters are not looked for). */
    static final String ERASED = "***";
    private static final int MIN_NAME = 3;

    private final BillingContext billing;

    BillingPersonalData(BillingContext billing) {
        this.billing = billing;
    }

    private PersonalDataMapper mapper() {
        return billing.mapper(PersonalDataMapper.class);
    }

    @Override
    public ObjectNode export(Subject subject) {
        try {
            return (ObjectNode) billing.json.readTree(mapper().export(subject.userId()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("billing's export is not JSON", e);
        }
    }

    /**
     * The user's bookings (as customer), payments and subscriptions: their audit rows may hold the user's
     * personal data (a cancellation reason, a payment's state) though someone else acted.
     */
    @Override
    public List<Entity> auditedEntities(Subject subject) {
        List<Entity> out = new ArrayList<>();
        for (AuditEntityRow e : mapper().auditedEntities(subject.userId())) {
            out.add(new Entity(e.type(), e.id()));
        }
        return out;
    }

    @Override
    public List<ErasureStep> erase(Subject subject, CallContext context) {
        UUID userId = subject.userId();
        PersonalDataMapper m = mapper();
        PersonalIdentity live = m.identity(userId);
        // The account's own name when auth described it (a deleted account too), else the live one.
        PersonalIdentity who = new PersonalIdentity(subject.email() != null ? subject.email() : live.email(),
                subject.displayName() != null ? subject.displayName() : live.name());
        // The subject's e-mail is the account's, read before any module erased anything (deleted accounts too).
        String email = subject.email() != null ? subject.email() : who.email();
        String name = who.name() != null && who.name().strip().length() >= MIN_NAME ? who.name().strip() : null;
        List<ErasureStep> steps = new ArrayList<>();
        steps.add(new ErasureStep("booking_reminders", ErasureAction.DELETED, m.deleteReminders(userId)));
        steps.add(new ErasureStep("bookings", ErasureAction.ANONYMISED,
                m.anonymiseBookings(userId) + scrubProviderBookings(m, userId, email, name)));
        steps.add(new ErasureStep("provider_availability", ErasureAction.DELETED, m.deleteAvailability(userId)));
        steps.add(new ErasureStep("user_subscriptions", ErasureAction.ANONYMISED, m.anonymiseSubscriptions(userId)));
        // Keys before payments: they are found through the payments, whatever the payments' keys become.
        steps.add(new ErasureStep("idempotency_keys", ErasureAction.ANONYMISED, scrubKeys(m, userId, email, name)));
        steps.add(new ErasureStep("payments", ErasureAction.ANONYMISED, m.anonymisePayments(userId, email, name)));
        steps.add(new ErasureStep("payment_refunds", ErasureAction.ANONYMISED, m.anonymiseRefunds(userId, email, name)));
        return steps;
    }

    /** Bookings of other customers with the user as provider: only the mentions of the user's e-mail or name go. */
    private int scrubProviderBookings(PersonalDataMapper m, UUID userId, String email, String name) {
        if (email == null && name == null) {
            return 0;
        }
        int n = 0;
        for (MentionRow r : m.mentioningBookings(userId, email, name)) {
            Scrubber s = new Scrubber(email, name);
            String metadata = r.metadata();
            try {
                Map<String, Object> meta = billing.json.readValue(metadata, new TypeReference<Map<String, Object>>() { });
                metadata = billing.json.writeValueAsString(s.map(meta, false));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("bookings.metadata is not JSON", e);
            }
            MentionRow scrubbed = new MentionRow(r.id(), s.text(r.title()), s.text(r.notes()), s.text(r.location()),
                    s.text(r.meetingUrl()), s.text(r.cancellationReason()), metadata);
            if (!scrubbed.equals(r)) {
                m.scrubBooking(scrubbed);
                n++;
            }
        }
        return n;
    }

    /**
     * The idempotency keys of the user's payments and subscriptions: the stored plan and result keep what a repeat
     * or reconcile needs (ids, amounts, statuses) without metadata, descriptions or mentions of the user.
     */
    private int scrubKeys(PersonalDataMapper m, UUID userId, String email, String name) {
        int n = 0;
        Scrubber s = new Scrubber(email, name);
        for (KeyRow k : m.keys(userId)) {
            String key = s.mentions(k.idempotencyKey()) ? "erased:" + k.id() : k.idempotencyKey();
            Map<String, Object> plan = k.plan() == null ? null : s.map(k.plan(), true);
            Map<String, Object> result = k.result() == null ? null : s.map(k.result(), true);
            if (!key.equals(k.idempotencyKey()) || !Objects.equals(plan, k.plan()) || !Objects.equals(result, k.result())) {
                m.scrubKey(k.id(), key, plan, result);
                n++;
            }
        }
        return n;
    }

    /** Replaces the e-mail and name (case-insensitively) in text and, recursively, in JSON values. */
    static final class Scrubber {
        private final List<Pattern> patterns = new ArrayList<>();

        Scrubber(String email, String name) {
            for (String s : new String[] {email, name}) {
                if (s != null && !s.isBlank()) {
                    patterns.add(Pattern.compile(Pattern.quote(s), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                }
            }
        }

        boolean mentions(String text) {
            return text != null && patterns.stream().anyMatch(p -> p.matcher(text).find());
        }

        String text(String text) {
            if (text == null) {
                return null;
            }
            String out = text;
            for (Pattern p : patterns) {
                out = p.matcher(out).replaceAll(Matcher.quoteReplacement(ERASED));
            }
            return out;
        }

        /** With {@code personalFields}, a "metadata" object is emptied and a "description" nulled at any depth. */
        Map<String, Object> map(Map<String, Object> in, boolean personalFields) {
            Map<String, Object> out = new LinkedHashMap<>();
            in.forEach((k, v) -> {
                if (personalFields && "metadata".equals(k) && v instanceof Map) {
                    out.put(text(k), new LinkedHashMap<>());
                } else if (personalFields && "description".equals(k)) {
                    out.put(k, null);
                } else {
                    out.put(text(k), value(v, personalFields));
                }
            });
            return out;
        }

        @SuppressWarnings("unchecked")
        private Object value(Object v, boolean personalFields) {
            if (v instanceof String s) {
                return text(s);
            }
            if (v instanceof Map<?, ?> map) {
                return map((Map<String, Object>) map, personalFields);
            }
            if (v instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                for (Object o : list) {
                    out.add(value(o, personalFields));
                }
                return out;
            }
            return v;
        }
    }
}
