package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static dev.portalkit.messaging.MessagingTests.audits;
import static dev.portalkit.messaging.MessagingTests.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Template categories, RFC 8058 one-click unsubscribe, per-category opt-outs and lifting suppressions. */
class UnsubscribeIT {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef-unsubscribe-test".getBytes(StandardCharsets.UTF_8);
    static final InMemoryEmailSender sender = new InMemoryEmailSender();
    static final CallContext VISITOR = CallContext.anonymous("198.51.100.4", "Mail client");
    static String newsletter;
    static String receipt;

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(sender, null, o -> o
            .unsubscribe("https://acme.example/unsubscribe", KEY).unsubscribeMailto("unsubscribe@acme.example"));

    @BeforeAll
    static void templates() {
        newsletter = MessagingTests.template(kit.portal(), "news",
                TemplateContent.of("News for {{name}}", null, "Hello {{name}}", "name").inCategory("newsletter"));
        receipt = MessagingTests.template(kit.portal(), "receipt", TemplateContent.of("Receipt", null, "Paid", "name"));
    }

    private Portal portal() {
        return kit.portal();
    }

    private EmailService emails() {
        return portal().service(EmailService.class);
    }

    private SuppressionService suppressions() {
        return portal().service(SuppressionService.class);
    }

    private EmailLog queue(String key, String to) {
        return emails().queue(key, "en", to, Map.of("name", "Ann"), null, ADMIN);
    }

    /** Queues, delivers, and answers what the sender got for this address. */
    private OutgoingEmail sendOne(String key, String to) {
        queue(key, to);
        emails().deliverPending(100, JOB);
        List<OutgoingEmail> got = sender.sentTo(to);
        assertThat(got).isNotEmpty();
        return got.get(got.size() - 1);
    }

    static String tokenOf(OutgoingEmail email) {
        Matcher m = Pattern.compile("<https://acme\\.example/unsubscribe\\?token=([A-Za-z0-9_.-]+)>")
                .matcher(email.headers().get(OutgoingEmail.LIST_UNSUBSCRIBE));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void existingAndNewTemplatesAreTransactionalUnlessGivenACategoryAndAnUpdateKeepsIt() {
        EmailTemplateService templates = portal().service(EmailTemplateService.class);
        assertThat(templates.find(receipt, "en").orElseThrow().category()).isEqualTo("transactional");
        assertThat(templates.find(newsletter, "en").orElseThrow().category()).isEqualTo("newsletter");
        String key = MessagingTests.template(portal(), "promo",
                TemplateContent.of("Promo", null, "Buy", "name").inCategory("marketing"));
        EmailTemplate v2 = templates.update(key, "en", TemplateContent.of("Promo 2", null, "Buy now", "name"), 1, ADMIN);
        assertThat(v2.category()).isEqualTo("marketing");
        EmailTemplate v3 = templates.update(key, "en", v2.content().inCategory("transactional"), 2, ADMIN);
        assertThat(v3.category()).isEqualTo("transactional");
    }

    @Test
    void aCategoryThatIsNoLowercaseKeyIsRefusedAndNothingIsWritten() {
        EmailTemplateService templates = portal().service(EmailTemplateService.class);
        for (String bad : List.of("", "Marketing", "news letter", "x".repeat(41), "1news", "news\nletter")) {
            String key = MessagingTests.key("badcat");
            assertThatThrownBy(() -> templates.create(key, "en", TemplateContent.of("S", null, "B").inCategory(bad), ADMIN))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.errors()).anyMatch(f -> f.field().equals("category")));
            assertThat(templates.versions(key, "en")).isEmpty();
        }
    }

    @Test
    void aNewsletterCarriesOneClickUnsubscribeHeadersAndATransactionalEmailNone() {
        String to = TestData.email("headers");
        OutgoingEmail news = sendOne(newsletter, to);
        assertThat(news.headers()).containsOnlyKeys(OutgoingEmail.LIST_UNSUBSCRIBE, OutgoingEmail.LIST_UNSUBSCRIBE_POST);
        assertThat(news.headers().get(OutgoingEmail.LIST_UNSUBSCRIBE_POST)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(news.headers().get(OutgoingEmail.LIST_UNSUBSCRIBE))
                .startsWith("<https://acme.example/unsubscribe?token=")
                .contains(", <mailto:unsubscribe@acme.example?subject=unsubscribe%20");
        assertThat(emails().find(sender.sentTo(to).get(0).id()).orElseThrow().category()).isEqualTo("newsletter");

        String other = TestData.email("receipt");
        OutgoingEmail paid = sendOne(receipt, other);
        assertThat(paid.headers()).isEmpty();
    }

    @Test
    void theLinksTokenOptsTheAddressOutOfItsCategoryOnlyAndOnceHoweverOftenItIsUsed() {
        String to = TestData.email("optout");
        String token = tokenOf(sendOne(newsletter, to));
        assertThat(suppressions().unsubscribeUrl(to.toUpperCase(), "newsletter"))
                .isEqualTo("https://acme.example/unsubscribe?token=" + token);

        // A burst of clicks (mail scanners, double clicks): one opt-out, one audit row.
        List<Race.Outcome<OptOut>> clicks = Race.run(8, () -> suppressions().unsubscribe(token, VISITOR));
        assertThat(clicks).noneMatch(Race.Outcome::failed);
        OptOut optOut = clicks.get(0).value();
        assertThat(clicks).allMatch(c -> c.value().id().equals(optOut.id()));
        assertThat(optOut.address()).isEqualTo(to.toLowerCase());
        assertThat(optOut.category()).isEqualTo("newsletter");
        assertThat(optOut.source()).isEqualTo("link");
        assertThat(audits(portal(), optOut.id(), "email.unsubscribed")).isEqualTo(1);
        assertThat(suppressions().optedOut(to, "newsletter")).isTrue();
        assertThat(suppressions().optOuts(to.toUpperCase())).containsExactly(optOut);

        // Queued after: a newsletter is SUPPRESSED at queue time, never sent; a receipt still goes.
        int before = sender.sentTo(to).size();
        EmailLog refused = queue(newsletter, to.toUpperCase());
        assertThat(refused.status()).isEqualTo(EmailStatus.SUPPRESSED);
        assertThat(refused.lastError()).isEqualTo("the recipient unsubscribed from newsletter");
        assertThat(audits(portal(), refused.id(), "email.suppressed")).isEqualTo(1);
        EmailLog paid = queue(receipt, to);
        assertThat(paid.status()).isEqualTo(EmailStatus.QUEUED);
        emails().deliverPending(100, JOB);
        assertThat(sender.sentTo(to)).hasSize(before + 1);
        assertThat(emails().find(paid.id()).orElseThrow().status()).isEqualTo(EmailStatus.SENT);
    }

    @Test
    void anOptOutBetweenQueueAndDeliveryStopsTheQueuedNewsletter() {
        String to = TestData.email("late");
        EmailLog queued = queue(newsletter, to);
        assertThat(queued.status()).isEqualTo(EmailStatus.QUEUED);
        suppressions().optOut(to, "newsletter", ADMIN);
        emails().deliverPending(100, JOB);
        assertThat(sender.sentTo(to)).isEmpty();
        EmailLog after = emails().find(queued.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(EmailStatus.SUPPRESSED);
        assertThat(after.lastError()).isEqualTo("the recipient unsubscribed from newsletter");
    }

    @Test
    void aTamperedForeignOrMalformedTokenIsRefusedTypedAndWritesNothing() {
        String to = TestData.email("tamper");
        String token = tokenOf(sendOne(newsletter, to));
        int dot = token.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
        String otherPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("newsletter", "marketing").getBytes(StandardCharsets.UTF_8));
        String otherAddress = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace(to.toLowerCase(), "eve@example.com").getBytes(StandardCharsets.UTF_8));
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String foreign;
        try (Portal other = MessagingTests.another(kit, kit.database().jdbcUrl(), MessagingOptions.builder()
                .from(MessagingTests.FROM).unsubscribe("https://acme.example/unsubscribe",
                        "another key, also at least thirty-two bytes".getBytes(StandardCharsets.UTF_8)).build())
                .build()) {
            foreign = other.service(SuppressionService.class).unsubscribeUrl(to, "newsletter");
            foreign = foreign.substring(foreign.indexOf("token=") + 6);
        }
        long optOuts = count(portal(), "email_opt_outs");
        List<String> bad = new java.util.ArrayList<>(List.of(
                otherPayload + token.substring(dot), otherAddress + token.substring(dot), flipped, foreign,
                token.substring(0, dot), token + ".x", "", ".", "x.y", "!!!.???", token.substring(0, dot) + ".",
                "a".repeat(5000) + token.substring(dot), token + "A"));
        // null is refused by the Portal's guard before the service runs: a ValidationException on token too.
        assertField(() -> suppressions().unsubscribe(null, VISITOR), "token");
        for (String t : bad) {
            assertThatThrownBy(() -> suppressions().unsubscribe(t, VISITOR))
                    .as("token %s", t)
                    .isInstanceOfSatisfying(InvalidUnsubscribeTokenException.class, e -> {
                        assertThat(e.code()).isEqualTo(MessagingError.UNSUBSCRIBE_TOKEN_INVALID);
                        assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("token");
                    });
        }
        assertThat(count(portal(), "email_opt_outs")).isEqualTo(optOuts);
        assertThat(suppressions().optedOut(to, "newsletter")).isFalse();
    }

    @Test
    void supportRemovesAnOptOutAuditedAndTheCategoryIsSentAgain() {
        String to = TestData.email("again");
        suppressions().unsubscribe(suppressions().unsubscribeUrl(to, "newsletter").split("token=")[1], VISITOR);
        OptOut o = suppressions().optOuts(to).get(0);
        assertThat(suppressions().removeOptOut(to.toUpperCase(), "newsletter", ADMIN)).isTrue();
        assertThat(suppressions().removeOptOut(to, "newsletter", ADMIN)).isFalse();
        assertThat(audits(portal(), o.id(), "email.opt_out_removed")).isEqualTo(1);
        assertThat(queue(newsletter, to).status()).isEqualTo(EmailStatus.QUEUED);
    }

    @Test
    void supportLiftsAHardSuppressionAuditedAndALaterBounceSuppressesAgain() {
        String to = TestData.email("bouncy");
        EmailLog first = queue(receipt, to);
        emails().deliverPending(100, JOB);
        emails().recordEvent(emails().find(first.id()).orElseThrow().messageId(), EmailEvent.BOUNCED, JOB);
        assertThat(emails().suppressed(to)).isTrue();
        assertThat(queue(receipt, to).status()).isEqualTo(EmailStatus.SUPPRESSED);

        assertThat(suppressions().unsuppress(to.toUpperCase(), ADMIN)).isTrue();
        assertThat(suppressions().unsuppress(to, ADMIN)).isFalse();
        assertThat(count(portal(), "activity_logs WHERE action = 'email.unsuppressed' AND entity_id = "
                + "(SELECT id FROM " + portal().schema() + ".email_suppression_resets WHERE address = ?)", to.toLowerCase()))
                .isEqualTo(1);
        assertThat(emails().suppressed(to)).isFalse();
        EmailLog second = queue(receipt, to);
        assertThat(second.status()).isEqualTo(EmailStatus.QUEUED);
        emails().deliverPending(100, JOB);
        assertThat(emails().find(second.id()).orElseThrow().status()).isEqualTo(EmailStatus.SENT);

        emails().recordEvent(emails().find(second.id()).orElseThrow().messageId(), EmailEvent.BOUNCED, JOB);
        assertThat(emails().suppressed(to)).isTrue();
    }

    @Test
    void withoutAKeyANewsletterIsRefusedAtQueueTimeAndNothingIsWrittenWhileReceiptsStillQueue() {
        try (Portal plain = MessagingTests.another(kit, kit.database().jdbcUrl(),
                MessagingOptions.builder().from(MessagingTests.FROM).sender(sender).build()).build()) {
            EmailService e = plain.service(EmailService.class);
            String to = TestData.email("nokey");
            assertThatThrownBy(() -> e.queue(newsletter, "en", to, Map.of("name", "Ann"), "nokey-" + to, ADMIN))
                    .isInstanceOfSatisfying(MessagingNotConfiguredException.class, x -> {
                        assertThat(x.code()).isEqualTo(MessagingError.NOT_CONFIGURED);
                        assertThat(x.getMessage()).contains("newsletter").contains("unsubscribe(url, key)");
                    });
            assertThat(count(portal(), "email_logs WHERE to_address = ?", to)).isZero();
            assertThat(e.queue(receipt, "en", to, Map.of("name", "Ann"), null, ADMIN).status()).isEqualTo(EmailStatus.QUEUED);
            SuppressionService s = plain.service(SuppressionService.class);
            assertThatThrownBy(() -> s.unsubscribe("a.b", VISITOR)).isInstanceOf(MessagingNotConfiguredException.class);
            assertThatThrownBy(() -> s.unsubscribeUrl(to, "newsletter")).isInstanceOf(MessagingNotConfiguredException.class);
        }
    }

    @Test
    void everySuppressionCallAnswersNullAndHostileArgumentsTypedAndChangesNothing() {
        long optOuts = count(portal(), "email_opt_outs");
        long resets = count(portal(), "email_suppression_resets");
        String ok = TestData.email("walk");
        List<String> addresses = java.util.Arrays.asList(null, "", " ", "not-an-address", "a@b\r\nBcc: x@y.example",
                "x".repeat(400) + "@example.com");
        List<String> categories = java.util.Arrays.asList(null, "", "transactional", "News", "a b", "x".repeat(41),
                "news'; DROP TABLE email_opt_outs; --");
        for (String a : addresses) {
            assertField(() -> suppressions().optOut(a, "newsletter", ADMIN), "address");
            assertField(() -> suppressions().removeOptOut(a, "newsletter", ADMIN), "address");
            assertField(() -> suppressions().unsuppress(a, ADMIN), "address");
            assertField(() -> suppressions().unsubscribeUrl(a, "newsletter"), "address");
            if (a == null) {
                assertField(() -> suppressions().optOuts(a), "address");
                assertField(() -> suppressions().optedOut(a, "newsletter"), "address");
            } else {
                assertThat(suppressions().optOuts(a)).isEmpty();
                assertThat(suppressions().optedOut(a, "newsletter")).isFalse();
            }
        }
        for (String c : categories) {
            assertField(() -> suppressions().optOut(ok, c, ADMIN), "category");
            assertField(() -> suppressions().removeOptOut(ok, c, ADMIN), "category");
            assertField(() -> suppressions().unsubscribeUrl(ok, c), "category");
            if (c == null) {
                assertField(() -> suppressions().optedOut(ok, c), "category");
            } else {
                assertThat(suppressions().optedOut(ok, c)).isFalse();
            }
        }
        assertThat(count(portal(), "email_opt_outs")).isEqualTo(optOuts);
        assertThat(count(portal(), "email_suppression_resets")).isEqualTo(resets);
    }

    private static void assertField(Supplier<?> call, String field) {
        assertThatThrownBy(call::get).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors()).extracting(ValidationException.FieldError::field).contains(field));
    }
}
