package dev.portalkit.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.ErrorCode;
import dev.portalkit.core.PortalConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MessagingOptionsTest {

    @Test
    void defaultsAreDocumented() {
        MessagingOptions o = MessagingOptions.defaults();
        assertThat(o.sender()).isNull();
        assertThat(o.from()).isNull();
        assertThat(o.defaultLocale()).isEqualTo("en");
        assertThat(o.maxAttempts()).isEqualTo(5);
        assertThat(o.backoffBase()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.backoffMax()).isEqualTo(Duration.ofHours(1));
        assertThat(o.lease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.trackOpens()).isFalse();
        assertThat(o.trackClicks()).isFalse();
    }

    @Test
    void theMessageIdDomainDefaultsToTheFromDomain() {
        assertThat(MessagingOptions.builder().from("Acme <no-reply@mail.acme.example>").build().messageIdDomain())
                .isEqualTo("mail.acme.example");
        assertThat(MessagingOptions.builder().from("no-reply@acme.example").messageIdDomain("ids.acme.example").build()
                .messageIdDomain()).isEqualTo("ids.acme.example");
    }

    @Test
    void theDefaultLocaleIsNormalized() {
        assertThat(MessagingOptions.builder().defaultLocale("de_at").build().defaultLocale()).isEqualTo("de-AT");
    }

    @Test
    void everyBadOptionIsNamedAtOnce() {
        assertThatThrownBy(() -> MessagingOptions.builder().from("not an address").maxAttempts(0)
                .lease(Duration.ZERO).defaultLocale("??").build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("from")
                .hasMessageContaining("maxAttempts")
                .hasMessageContaining("lease")
                .hasMessageContaining("defaultLocale");
    }

    @Test
    void twoBadOptionsAreTwoProblemsOfOneConfigurationError() {
        assertProblems(() -> MessagingOptions.builder().maxAttempts(51).backoffMax(Duration.ofSeconds(1)).build(),
                "maxAttempts is 51: use 1 to 50 (default 5)", "backoffMax must be at least backoffBase");
    }

    @Test
    void aDurationMustBeSetPositiveAndAtMostAHundredYears() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        assertProblems(() -> MessagingOptions.builder().backoffBase(null).backoffMax(huge).lease(Duration.ofSeconds(-1)).build(),
                "backoffBase must be set (was null)", "backoffMax must be positive and at most 36500 days, was " + huge,
                "lease must be positive and at most 36500 days, was PT-1S");
    }

    @Test
    void twoBadSmtpSettingsAreTwoProblemsOfOneConfigurationError() {
        assertProblems(() -> SmtpSettings.builder().host(" ").credentials("mailer", null).build(),
                "host is required", "credentials need both a user name and a password");
    }

    /** {@code build} fails with one PortalConfigurationException (PK-1000) listing exactly these problems. */
    private static void assertProblems(ThrowingCallable build, String... problems) {
        assertThatThrownBy(build).isInstanceOfSatisfying(PortalConfigurationException.class, e -> {
            assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION);
            assertThat(e.problems()).containsExactly(problems);
        });
    }

    @Test
    void errorCodesAreUniqueAndInTheMessagingRange() {
        Map<Integer, Long> counts = Arrays.stream(MessagingError.values())
                .collect(Collectors.groupingBy(ErrorCode::number, Collectors.counting()));
        assertThat(counts.values()).allMatch(n -> n == 1);
        assertThat(MessagingError.values()).allSatisfy(e -> assertThat(e.number()).isBetween(5000, 5999));
    }

    @Test
    void requestsAndRenderedEmailsNeverPrintModelsOrBodies() {
        EmailRequest r = EmailRequest.of("reset", "en", "ann@example.com", Map.of("token", "s3cret"), null);
        assertThat(r.toString()).doesNotContain("s3cret");
        RenderedEmail e = new RenderedEmail(null, "reset", 1, "en", "Reset", "<a>s3cret</a>", "s3cret");
        assertThat(e.toString()).doesNotContain("s3cret");
    }

    @Test
    void theInMemorySenderRecordsAndFailsOnRequest() {
        InMemoryEmailSender sender = new InMemoryEmailSender();
        OutgoingEmail email = new OutgoingEmail(java.util.UUID.randomUUID(), "<a@b.example>", 1, "f@b.example",
                "Ann@Example.com", "Hi", null, "text");
        sender.failNext(1, EmailSendException.Kind.PERMANENT);
        assertThatThrownBy(() -> sender.send(email)).isInstanceOfSatisfying(EmailSendException.class,
                e -> assertThat(e.kind()).isEqualTo(EmailSendException.Kind.PERMANENT));
        assertThat(sender.send(email)).startsWith("mem-");
        assertThat(sender.sentTo("ann@example.com")).containsExactly(email);
        sender.clear();
        assertThat(sender.sent()).isEmpty();
    }

    @Test
    void unsubscribeSettingsAreCheckedTogetherAndTheKeyNeverShows() {
        byte[] shortKey = "too short".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MessagingOptions.builder().unsubscribe("http://acme.example/u", shortKey)
                .unsubscribeMailto("not an address").build())
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("unsubscribe key must be at least 32 bytes"))
                        .anyMatch(p -> p.contains("unsubscribe url 'http://acme.example/u'"))
                        .anyMatch(p -> p.contains("unsubscribeMailto 'not an address'")));
        assertThatThrownBy(() -> MessagingOptions.builder().unsubscribe(null, null).build())
                .isInstanceOf(PortalConfigurationException.class);
        assertThatThrownBy(() -> MessagingOptions.builder().unsubscribeMailto("u@acme.example").build())
                .isInstanceOfSatisfying(PortalConfigurationException.class,
                        e -> assertThat(e.problems()).anyMatch(p -> p.contains("needs unsubscribe(url, key)")));
        byte[] key = "a secret of at least thirty-two bytes, not shown".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MessagingOptions ok = MessagingOptions.builder().unsubscribe("https://acme.example/u", key).build();
        key[0] = 'X'; // the builder kept a copy
        assertThat(new String(ok.unsubscribe().key(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("a secret");
        assertThat(ok.toString()).doesNotContain("a secret").contains("hidden");
        assertThat(MessagingOptions.builder().unsubscribe("http://localhost:8080/u", ok.unsubscribe().key()).build()
                .unsubscribe().url()).isEqualTo("http://localhost:8080/u");
    }
}
