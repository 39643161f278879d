package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.notFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailTemplateServiceIT {

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(new InMemoryEmailSender(), null);

    private EmailTemplateService templates() {
        return kit.portal().service(EmailTemplateService.class);
    }

    @Test
    void createThenFindByKeyAndLocale() {
        String key = MessagingTests.key("welcome");
        EmailTemplate t = templates().create(key, "en", TemplateContent.of("Welcome {{name}}", "<p>Hi {{name}}</p>",
                "Hi {{name}}", "name"), ADMIN);
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.variables()).containsExactly("name");
        assertThat(t.current()).isTrue();
        assertThat(templates().find(key, "en")).contains(t);
        assertThat(kit.portal().service(ActivityLog.class)
                .find(ActivityQuery.byEntity("email_template", t.id()), PageRequest.first(10)).items())
                .extracting(e -> e.action()).containsExactly("email_template.created");
    }

    @Test
    void readsInsideATransactionSeeItsUncommittedTemplate() {
        String key = MessagingTests.key("tx-read");
        EmailTemplate t = kit.portal().inTransaction(() -> {
            EmailTemplate created = templates().create(key, "en", TemplateContent.of("Hi {{name}}", null, "Hi", "name"), ADMIN);
            assertThat(templates().find(key, "en")).contains(created);
            assertThat(templates().resolve(key, "en-GB")).isEqualTo(created);
            assertThat(templates().versions(key, "en")).containsExactly(created);
            assertThat(templates().preview(key, "en", Map.of("name", "Ann")).subject()).isEqualTo("Hi Ann");
            return created;
        });
        assertThat(templates().find(key, "en")).contains(t);
        String missing = MessagingTests.key("missing");
        assertThatThrownBy(() -> templates().resolve(missing, "en"))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Email template", missing + "/en"));
        assertThatThrownBy(() -> templates().resolve("Bad Key", "??"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("key")).isTrue();
                    assertThat(e.hasError("locale")).isTrue();
                });
    }

    @Test
    void localeFallsBackFromRegionToLanguageToDefault() {
        String key = MessagingTests.key("fallback");
        templates().create(key, "en", TemplateContent.of("Hello", null, "Hello {{name}}", "name"), ADMIN);
        templates().create(key, "de", TemplateContent.of("Hallo", null, "Hallo {{name}}", "name"), ADMIN);
        templates().create(key, "de-CH", TemplateContent.of("Grüezi", null, "Grüezi {{name}}", "name"), ADMIN);

        assertThat(templates().resolve(key, "de-AT").locale()).isEqualTo("de");
        assertThat(templates().resolve(key, "de_ch").locale()).isEqualTo("de-CH");
        assertThat(templates().resolve(key, "fr-FR").locale()).isEqualTo("en");
        assertThat(templates().resolve(key, null).locale()).isEqualTo("en");
        assertThat(templates().preview(key, "de-AT", Map.of("name", "Ann")).textBody()).isEqualTo("Hallo Ann");
    }

    @Test
    void anEditMakesANewVersionAndKeepsTheOldOne() {
        String key = MessagingTests.key("edit");
        EmailTemplate v1 = templates().create(key, "en", TemplateContent.of("One", null, "one"), ADMIN);
        EmailTemplate v2 = templates().update(key, "en", TemplateContent.of("Two", null, "two"), 1, ADMIN);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.id()).isNotEqualTo(v1.id());
        assertThat(templates().find(key, "en")).contains(v2);
        List<EmailTemplate> versions = templates().versions(key, "en");
        assertThat(versions).extracting(EmailTemplate::version).containsExactly(2, 1);
        assertThat(versions.get(1).supersededAt()).isNotNull();
        assertThat(versions.get(1).subject()).isEqualTo("One");
    }

    @Test
    void anEditOfAnOldVersionIsStale() {
        String key = MessagingTests.key("stale");
        templates().create(key, "en", TemplateContent.of("One", null, "one"), ADMIN);
        templates().update(key, "en", TemplateContent.of("Two", null, "two"), 1, ADMIN);
        assertThatThrownBy(() -> templates().update(key, "en", TemplateContent.of("Three", null, "three"), 1, ADMIN))
                .isInstanceOf(StaleVersionException.class);
        assertThat(templates().versions(key, "en")).hasSize(2);
    }

    @Test
    void aSecondLiveTemplateForTheSameKeyAndLocaleIsAConflict() {
        String key = MessagingTests.key("dup");
        templates().create(key, "en", TemplateContent.of("One", null, "one"), ADMIN);
        assertThatThrownBy(() -> templates().create(key, "EN", TemplateContent.of("Two", null, "two"), ADMIN))
                .isInstanceOf(TemplateExistsException.class);
    }

    @Test
    void deleteHidesTheTemplateAndRestoreBringsItBack() {
        String key = MessagingTests.key("gone");
        templates().create(key, "en", TemplateContent.of("One", null, "one"), ADMIN);
        templates().delete(key, "en", ADMIN);
        assertThat(templates().find(key, "en")).isEmpty();
        assertThatThrownBy(() -> templates().resolve(key, "en"))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Email template", key + "/en"));

        EmailTemplate restored = templates().restore(key, "en", ADMIN);
        assertThat(restored.deletedAt()).isNull();
        assertThat(templates().resolve(key, "en").id()).isEqualTo(restored.id());
    }

    @Test
    void aDeletedKeyCanBeCreatedAgainAndThenTheOldOneCannotBeRestoredOverIt() {
        String key = MessagingTests.key("again");
        templates().create(key, "en", TemplateContent.of("One", null, "one"), ADMIN);
        templates().delete(key, "en", ADMIN);
        EmailTemplate again = templates().create(key, "en", TemplateContent.of("New", null, "new"), ADMIN);
        assertThat(again.version()).isEqualTo(2);
        assertThatThrownBy(() -> templates().restore(key, "en", ADMIN)).isInstanceOf(TemplateExistsException.class);
        assertThat(templates().resolve(key, "en").id()).isEqualTo(again.id());
    }

    @Test
    void modelValuesAreHtmlEscapedInTheHtmlBodyOnly() {
        String key = MessagingTests.key("escape");
        templates().create(key, "en", TemplateContent.of("Hi {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}",
                "name"), ADMIN);
        RenderedEmail r = templates().preview(key, Map.of("name", "<script>alert('x')</script>"));
        assertThat(r.htmlBody()).isEqualTo("<p>Hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>");
        assertThat(r.htmlBody()).doesNotContain("<script>");
        assertThat(r.textBody()).isEqualTo("Hello <script>alert('x')</script>");
    }

    @Test
    void lineBreaksInARenderedSubjectBecomeSpaces() {
        String key = MessagingTests.key("subject");
        templates().create(key, "en", TemplateContent.of("Hi {{name}}", null, "x", "name"), ADMIN);
        assertThat(templates().preview(key, Map.of("name", "Ann\r\nBcc: evil@example.com")).subject())
                .isEqualTo("Hi Ann Bcc: evil@example.com");
    }

    @Test
    void aMissingDeclaredVariableIsAnErrorNamingIt() {
        String key = MessagingTests.key("missing");
        templates().create(key, "en", TemplateContent.of("Reset", null, "Go to {{resetUrl}}, {{name}}", "resetUrl", "name"),
                ADMIN);
        assertThatThrownBy(() -> templates().preview(key, Map.of("name", "Ann")))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.hasError("model.resetUrl")).isTrue();
                    assertThat(e.hasError("model.name")).isFalse();
                    assertThat(e.code()).isEqualTo(MessagingError.TEMPLATE_RENDER_FAILED);
                });
    }

    @Test
    void anUndeclaredVariableMissingFromTheModelIsAnErrorToo() {
        String key = MessagingTests.key("undeclared");
        templates().create(key, "en", TemplateContent.of("Hi", null, "Hello {{nickname}}"), ADMIN);
        assertThatThrownBy(() -> templates().preview(key, Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> assertThat(e.hasError("model.nickname")).isTrue());
    }

    @Test
    void templatesCannotReachMethodsOfModelObjects() {
        String key = MessagingTests.key("methods");
        templates().create(key, "en", TemplateContent.of("Hi", null, "{{name.class}}"), ADMIN);
        assertThatThrownBy(() -> templates().preview(key, Map.of("name", "Ann")))
                .isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void sectionsAndListsRender() {
        String key = MessagingTests.key("list");
        templates().create(key, "en", TemplateContent.of("Items", "<ul>{{#items}}<li>{{title}}</li>{{/items}}</ul>", null,
                "items"), ADMIN);
        RenderedEmail r = templates().preview(key, Map.of("items", List.of(Map.of("title", "A&B"), Map.of("title", "C"))));
        assertThat(r.htmlBody()).isEqualTo("<ul><li>A&amp;B</li><li>C</li></ul>");
        assertThat(r.textBody()).isNull();
    }

    @Test
    void badInputIsRefusedWithEveryFieldAndNothingWritten() {
        String key = MessagingTests.key("bad");
        long before = MessagingTests.count(kit.portal(), "email_templates");
        assertThatThrownBy(() -> templates().create("Not A Key!", "xx-!!", new TemplateContent("", "  ", null,
                List.of("ok", "bad name"), null), ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("key")).isTrue();
                    assertThat(e.hasError("locale")).isTrue();
                    assertThat(e.hasError("subject")).isTrue();
                    assertThat(e.hasError("htmlBody")).isTrue();
                    assertThat(e.hasError("variables")).isTrue();
                });
        assertThatThrownBy(() -> templates().create(key, "en", new TemplateContent("Hi", null, null, null, null), ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("textBody")).isTrue());
        assertThatThrownBy(() -> templates().create(key, "en", TemplateContent.of("Hi {{#open}}", null, "x"), ADMIN))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("subject")).isTrue());
        assertThat(MessagingTests.count(kit.portal(), "email_templates")).isEqualTo(before);
    }

    @Test
    void listPagesThroughLiveTemplatesByKey() {
        String prefix = MessagingTests.key("page");
        for (int i = 0; i < 5; i++) {
            templates().create(prefix + "-" + i, "en", TemplateContent.of("S", null, "t"), ADMIN);
        }
        List<String> keys = new ArrayList<>();
        Page<EmailTemplate> page = templates().list(PageRequest.first(2));
        while (true) {
            page.items().forEach(t -> keys.add(t.key()));
            if (!page.hasNext()) {
                break;
            }
            page = templates().list(PageRequest.first(2).next(page));
        }
        assertThat(keys).isSorted();
        assertThat(keys.stream().filter(k -> k.startsWith(prefix))).hasSize(5);
    }

    @Test
    void racingEditsOfOneVersionLeaveExactlyOneWinner() {
        String key = MessagingTests.key("edit-race");
        templates().create(key, "en", TemplateContent.of("v1", null, "one"), ADMIN);
        int threads = 6;
        List<Race.Outcome<EmailTemplate>> outcomes = Race.run(threads,
                n -> () -> templates().update(key, "en", TemplateContent.of("v2 by " + n, null, "two"), 1, ADMIN));
        assertOneWinner(outcomes, StaleVersionException.class);
        assertThat(templates().versions(key, "en")).extracting(EmailTemplate::version).containsExactly(2, 1);
    }

    @Test
    void racingCreatesOfOneKeyLeaveExactlyOneTemplate() {
        String key = MessagingTests.key("create-race");
        List<Race.Outcome<EmailTemplate>> outcomes = Race.run(6,
                () -> templates().create(key, "en", TemplateContent.of("S", null, "t"), ADMIN));
        assertOneWinner(outcomes, TemplateExistsException.class);
        assertThat(templates().versions(key, "en")).hasSize(1);
    }

    /** One call succeeded; every other failed with {@code loser}, and nothing else happened. */
    private static void assertOneWinner(List<Race.Outcome<EmailTemplate>> outcomes, Class<? extends Exception> loser) {
        assertThat(outcomes).filteredOn(o -> !o.failed()).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.failedWith(loser)).hasSize(outcomes.size() - 1);
    }

    @Test
    void everyTemplateChangeIsAudited() {
        String key = MessagingTests.key("audit");
        EmailTemplate v1 = templates().create(key, "en", TemplateContent.of("One", null, "one"), ADMIN);
        EmailTemplate v2 = templates().update(key, "en", TemplateContent.of("Two", null, "two"), 1, ADMIN);
        templates().delete(key, "en", ADMIN);
        templates().restore(key, "en", ADMIN);
        assertThat(MessagingTests.audits(kit.portal(), v1.id(), "email_template.created")).isEqualTo(1);
        assertThat(MessagingTests.count(kit.portal(), "activity_logs WHERE entity_id = ? AND action IN "
                + "('email_template.updated', 'email_template.deleted', 'email_template.restored')", v2.id())).isEqualTo(3);
    }
}
