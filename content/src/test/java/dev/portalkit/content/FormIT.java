package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.User;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FormIT extends ContentSuite {

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-10T12:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal(o -> o
            .rateLimit(3, Duration.ofMinutes(10))
            .rateLimit("newsletter", 0, Duration.ofMinutes(1)), CLOCK);

    private static String form() {
        return "contact-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static CallContext from(String ip) {
        return CallContext.anonymous(ip, "Mozilla/5.0 (JUnit)");
    }

    private static NewSubmission valid(String form) {
        return NewSubmission.contact(form, "Ann Visitor", "ann@example.com", "Hello", "I would like a demo.");
    }

    private long stored(String form) {
        return number(portal.dataSource(), "SELECT count(*) FROM portal.form_submissions WHERE form_key = ?", form);
    }

    @Test
    void aValidSubmissionIsStoredAsNewWithTheClientsAddressAndAudited() {
        String form = form();
        FormSubmission s = forms.submit(valid(form).withFields(Map.of("company", "Acme", "seats", 12)), from("192.0.2.10"));
        assertThat(s.status()).isEqualTo(SubmissionStatus.NEW);
        assertThat(s.sourceIp()).isEqualTo("192.0.2.10");
        assertThat(s.userAgent()).isEqualTo("Mozilla/5.0 (JUnit)");
        assertThat(s.submittedAt()).isEqualTo(CLOCK.instant());
        assertThat(s.fields()).containsEntry("company", "Acme").containsEntry("seats", 12);
        assertThat(forms.find(s.id())).contains(s);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ? AND action = 'form_submission.received'",
                s.id())).isEqualTo(1);
        // The audit trail keeps no personal data of the visitor.
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ? AND after::text LIKE '%ann@%'",
                s.id())).isZero();
    }

    @Test
    void aSignedInSubmitterIsRecordedAndAnUnknownOneIsATypedError() {
        User member = ContentTests.user(portal, "Member");
        FormSubmission s = forms.submit(valid(form()), ContentTests.as(member));
        assertThat(s.userId()).isEqualTo(member.id());
        String form = form();
        assertThatThrownBy(() -> forms.submit(valid(form), CallContext.of(UUID.randomUUID(), "192.0.2.12", null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("context.actorId")).isTrue());
        assertThat(stored(form)).isZero();
    }

    @Test
    void badInputNamesEveryFieldAndStoresNothing() {
        String form = form();
        assertThatThrownBy(() -> forms.submit(NewSubmission.contact(form, "", "not-an-email", "s".repeat(201), "m"), from("192.0.2.11")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(ValidationException.FieldError::field).containsExactlyInAnyOrder("name", "email", "subject"));
        assertThatThrownBy(() -> forms.submit(valid(form).withFields(Map.of("x", "nul\0")), from("192.0.2.11")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("fields")).isTrue());
        assertThatThrownBy(() -> forms.submit(NewSubmission.contact(form, "Ann", "ann@example.com", null, "x".repeat(5001)),
                from("192.0.2.11")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("message")).isTrue());
        assertThatThrownBy(() -> forms.submit(NewSubmission.contact("Bad Form!", "Ann", "ann@example.com", null, null),
                from("192.0.2.11")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("formKey")).isTrue());
        assertThat(stored(form)).isZero();
        // The refused attempts do not count towards the rate limit.
        forms.submit(valid(form), from("192.0.2.11"));
    }

    @Test
    void hostileTextIsStoredByteForByte() {
        String form = form();
        String message = "'; DROP TABLE portal.form_submissions; -- <script>alert(1)</script> 🙂 \u202Eevil \\ $1";
        FormSubmission s = forms.submit(new NewSubmission(form, "Zoë O'Brien-🙂", "zoe+tag@example.com", "<b>hi</b>",
                message, Map.of("html", "<i>x</i>"), ""), from("2001:db8::1"));
        FormSubmission read = forms.find(s.id()).orElseThrow();
        assertThat(read.message()).isEqualTo(message);
        assertThat(read.name()).isEqualTo("Zoë O'Brien-🙂");
        assertThat(read.subject()).isEqualTo("<b>hi</b>");
        assertThat(read.fields()).containsEntry("html", "<i>x</i>");
        assertThat(read.sourceIp()).isEqualTo("2001:db8::1");
    }

    @Test
    void aFilledHoneypotIsRejectedAndNothingIsStored() {
        String form = form();
        assertThatThrownBy(() -> forms.submit(valid(form).withHoneypot("http://spam.example"), from("192.0.2.20")))
                .isInstanceOfSatisfying(SubmissionRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SubmissionRejectedException.Reason.HONEYPOT);
                    assertThat(e.code()).isEqualTo(ContentError.SUBMISSION_REJECTED_SPAM);
                });
        assertThat(stored(form)).isZero();
    }

    @Test
    void theRateLimitRejectsTheIpAfterItsQuotaPerFormUntilTheWindowPasses() {
        String form = form();
        for (int i = 0; i < 3; i++) {
            forms.submit(valid(form), from("192.0.2.30"));
        }
        assertThatThrownBy(() -> forms.submit(valid(form), from("192.0.2.30")))
                .isInstanceOfSatisfying(SubmissionRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(SubmissionRejectedException.Reason.RATE_LIMITED));
        assertThat(stored(form)).isEqualTo(3);
        // Another address, and the same address on another form, are not affected.
        forms.submit(valid(form), from("192.0.2.31"));
        forms.submit(valid(form()), from("192.0.2.30"));
        // A form whose limit is off.
        for (int i = 0; i < 5; i++) {
            forms.submit(valid("newsletter"), from("192.0.2.30"));
        }
        CLOCK.advance(Duration.ofMinutes(11));
        forms.submit(valid(form), from("192.0.2.30"));
        assertThat(stored(form)).isEqualTo(5);
    }

    @Test
    void racingSubmissionsFromOneIpStoreExactlyTheQuota() throws Exception {
        String form = form();
        List<Race.Outcome<FormSubmission>> outcomes = Race.run(8, () -> forms.submit(valid(form), from("192.0.2.40")));
        assertThat(outcomes).filteredOn(o -> !o.failed()).hasSize(3)
                .allSatisfy(o -> assertThat(o.value()).isInstanceOf(FormSubmission.class));
        assertThat(outcomes).filteredOn(o -> o.failedWith(SubmissionRejectedException.class)).hasSize(5);
        assertThat(stored(form)).isEqualTo(3);
    }

    @Test
    void listFiltersByFormStatusAndDateWithKeysetPagination() {
        String form = form();
        List<UUID> ids = new ArrayList<>();
        Instant start = CLOCK.instant();
        for (int i = 0; i < 5; i++) {
            ids.add(forms.submit(valid(form), from("192.0.2." + (50 + i))).id());
            CLOCK.advance(Duration.ofMinutes(1));
        }
        User staff = ContentTests.user(portal, "Staff");
        FormSubmission read = forms.changeStatus(ids.get(1), SubmissionStatus.READ, ContentTests.as(staff));
        assertThat(read.handledBy()).isEqualTo(staff.id());
        assertThat(read.handledAt()).isEqualTo(CLOCK.instant());
        forms.changeStatus(ids.get(3), SubmissionStatus.SPAM, ContentTests.as(staff));

        Page<FormSubmission> p1 = forms.list(SubmissionQuery.all().forForm(form), PageRequest.first(2));
        Page<FormSubmission> p2 = forms.list(SubmissionQuery.all().forForm(form), PageRequest.first(2).next(p1));
        Page<FormSubmission> p3 = forms.list(SubmissionQuery.all().forForm(form), PageRequest.first(2).next(p2));
        List<UUID> all = new ArrayList<>();
        for (Page<FormSubmission> p : List.of(p1, p2, p3)) {
            p.items().forEach(s -> all.add(s.id()));
        }
        assertThat(all).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(p3.hasNext()).isFalse();
        assertThat(forms.list(SubmissionQuery.all().forForm(form).withStatus(SubmissionStatus.NEW), PageRequest.first(10)).items())
                .extracting(FormSubmission::id).containsExactly(ids.get(4), ids.get(2), ids.get(0));
        assertThat(forms.list(SubmissionQuery.all().forForm(form).between(start.plus(Duration.ofMinutes(1)),
                start.plus(Duration.ofMinutes(3))), PageRequest.first(10)).items())
                .extracting(FormSubmission::id).containsExactly(ids.get(2), ids.get(1));
        assertThatThrownBy(() -> forms.changeStatus(UUID.randomUUID(), SubmissionStatus.READ, ContentTests.as(staff)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void retentionPurgesOrAnonymisesExactlyTheOldRows() {
        // Its own clock moments: other tests' rows are all older or newer than these bounds.
        CLOCK.advance(Duration.ofDays(1000));
        String form = form();
        FormSubmission old1 = forms.submit(valid(form), from("192.0.2.60"));
        FormSubmission old2 = forms.submit(valid(form), from("192.0.2.61"));
        CLOCK.advance(Duration.ofDays(20));
        FormSubmission recent = forms.submit(valid(form), from("192.0.2.62"));
        CLOCK.advance(Duration.ofDays(20));
        // Rows older than 30 days: old1, old2 (40 days) and everything submitted by earlier tests.
        long olderThan30 = number(portal.dataSource(), "SELECT count(*) FROM portal.form_submissions WHERE submitted_at < ? AND anonymised_at IS NULL",
                java.sql.Timestamp.from(CLOCK.instant().minus(Duration.ofDays(30))));

        int anonymised = forms.applyRetention(30, RetentionAction.ANONYMISE, CallContext.system("retention"));
        assertThat(anonymised).isEqualTo((int) olderThan30);
        FormSubmission a = forms.find(old1.id()).orElseThrow();
        assertThat(a.anonymised()).isTrue();
        assertThat(a.name()).isNull();
        assertThat(a.email()).isNull();
        assertThat(a.message()).isNull();
        assertThat(a.sourceIp()).isNull();
        assertThat(a.userAgent()).isNull();
        assertThat(a.fields()).isEmpty();
        assertThat(a.formKey()).isEqualTo(form);
        assertThat(forms.find(recent.id()).orElseThrow()).isEqualTo(recent);
        // Already anonymised rows do not count again.
        assertThat(forms.applyRetention(30, RetentionAction.ANONYMISE, CallContext.system("retention"))).isZero();

        CLOCK.advance(Duration.ofDays(15)); // recent is now 35 days old, old1/old2 55
        long olderThan50 = number(portal.dataSource(), "SELECT count(*) FROM portal.form_submissions WHERE submitted_at < ?",
                java.sql.Timestamp.from(CLOCK.instant().minus(Duration.ofDays(50))));
        assertThat(forms.applyRetention(50, RetentionAction.PURGE, CallContext.system("retention"))).isEqualTo((int) olderThan50);
        assertThat(forms.find(old1.id())).isEmpty();
        assertThat(forms.find(old2.id())).isEmpty();
        assertThat(forms.find(recent.id())).isPresent();
        assertThatThrownBy(() -> forms.applyRetention(0, RetentionAction.PURGE, CallContext.system("retention")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("days")).isTrue());
    }
}
