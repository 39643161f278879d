package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureReport;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.PageRequest;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content's part of a data-subject request (issue #21): the export holds the user's form submissions, the
 * cards they authored, the versions they made and their timeline; after an erase no text, varchar or jsonb
 * column of any of content's tables holds the user's e-mail or name, another user's data is left alone,
 * and a second erase reports 0 rows.
 */
class ContentPrivacyIT extends ContentSuite {

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal();

    /** Content's tables, from its migrations. */
    static final List<String> TABLES = List.of("resource_cards", "resource_card_tags", "resource_steps",
            "resource_card_versions", "timeline_items", "form_submissions");

    record Person(User user, CallContext ctx, String email, String name) {
    }

    private Person person(String name) {
        String email = TestData.email(name.toLowerCase(Locale.ROOT).replace(' ', '.'));
        User u = portal.service(UserService.class).register(NewUser.member(email, ContentTests.PASSWORD, name), ContentTests.VISITOR);
        return new Person(u, CallContext.of(u.id(), "192.0.2.77", "Privacy browser"), u.email(), name);
    }

    /** Rows of content's tables where any text, varchar or jsonb column (found in information_schema) holds the needle. */
    private List<String> hits(String needle) {
        List<String> columns = Queries.column(portal.dataSource(), """
                SELECT table_name || '.' || column_name FROM information_schema.columns
                 WHERE table_schema = 'portal' AND table_name = ANY (CAST(? AS text[]))
                   AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
                 ORDER BY 1""", (Object) TABLES.toArray(String[]::new));
        assertThat(columns).contains("form_submissions.email", "form_submissions.fields", "resource_card_versions.snapshot",
                "resource_cards.metadata", "timeline_items.title");
        List<String> found = new ArrayList<>();
        for (String column : columns) {
            String[] p = column.split("\\.");
            long n = number(portal.dataSource(), "SELECT count(*) FROM portal.\"" + p[0] + "\" WHERE strpos(lower(\"" + p[1]
                    + "\"::text), ?) > 0", needle.toLowerCase(Locale.ROOT));
            if (n > 0) {
                found.add(column + " (" + n + " rows)");
            }
        }
        return found;
    }

    /** Leaves the person's data in every content table. */
    private ResourceCard populate(Person p, Person editor) {
        forms.submit(NewSubmission.contact("contact", p.name(), p.email(), "Hello", "From " + p.name())
                .withFields(Map.of("phone", "555", "contact", p.email())), p.ctx()); // signed in
        forms.submit(NewSubmission.contact("newsletter", p.name(), p.email().toUpperCase(Locale.ROOT), null, "anon"),
                CallContext.anonymous("192.0.2.78", "Anonymous browser")); // not signed in, their address
        ResourceCard card = resources.create(CardInput.of("Written by them", "body").withMetadata(Map.of("contact", p.email())),
                p.ctx());
        resources.addStep(card.id(), null, StepInput.of("Ask " + p.name(), "mail " + p.email()), p.ctx());
        // The live card no longer holds their data, but the versions they made do.
        ResourceCard clean = resources.update(card.id(), CardInput.from(card).withMetadata(Map.of()), card.version(), editor.ctx());
        resources.updateStep(resources.steps(card.id(), Audience.EDITOR).get(0).id(), StepInput.of("Ask us", "mail us"), editor.ctx());
        timelines.add(TimelineKey.user(p.user().id()), null, TimelineItemInput.task("Call " + p.name(), Instant.parse("2027-01-01T00:00:00Z")),
                p.ctx());
        return clean;
    }

    @Test
    void theExportHoldsTheirSubmissionsCardsVersionsAndTimeline() throws Exception {
        Person ann = person("Ann Exportable");
        Person editor = person("Eddie Editor");
        ResourceCard card = populate(ann, editor);

        JsonNode doc = new ObjectMapper().readTree(portal.privacy().export(ann.user().id()));
        JsonNode content = doc.path("content");
        assertThat(content.path("formSubmissions")).hasSize(2);
        assertThat(content.path("formSubmissions").toString()).contains(ann.name(), "Hello", "newsletter");
        assertThat(content.path("authoredCards")).hasSize(1);
        assertThat(content.path("authoredCards").get(0).path("id").asText()).isEqualTo(card.id().toString());
        assertThat(content.path("cardVersions")).hasSize(2); // created, step added
        assertThat(content.path("cardVersions").get(0).path("change").asText()).isEqualTo("resource_card.created");
        assertThat(content.path("timelineItems")).hasSize(1);
        assertThat(content.toString()).doesNotContain(editor.email());
    }

    @Test
    void afterEraseNoContentColumnHoldsTheirEmailOrNameAndASecondEraseFindsNothing() {
        Person bea = person("Bea Erasable");
        Person editor = person("Eddie Keeper");
        ResourceCard card = populate(bea, editor);
        populate(editor, editor); // another user's data, to be left alone
        forms.changeStatus(forms.list(SubmissionQuery.all(), PageRequest.first(1)).items().get(0).id(), SubmissionStatus.READ, bea.ctx());
        assertThat(hits(bea.email())).isNotEmpty();
        assertThat(hits(bea.name())).isNotEmpty();
        List<String> editorsBefore = List.of(hits(editor.email()).toString(), hits(editor.name()).toString());

        ErasureReport report = portal.privacy().erase(bea.user().id(), CallContext.system("privacy-test"));

        assertThat(hits(bea.email())).as("content columns holding the e-mail after erase").isEmpty();
        assertThat(hits(bea.name())).as("content columns holding the name after erase").isEmpty();
        List<ErasureStep> steps = report.modules().get("content");
        assertThat(steps).extracting(ErasureStep::table).containsExactly("form_submissions", "resource_card_versions",
                "resource_cards", "timeline_items");
        assertThat(steps).filteredOn(s -> s.table().equals("form_submissions")).singleElement()
                .satisfies(s -> assertThat(s.rows()).isEqualTo(3)); // two sent, one handled
        assertThat(steps).filteredOn(s -> s.table().equals("timeline_items")).singleElement()
                .satisfies(s -> assertThat(s.action()).isEqualTo(ErasureAction.DELETED));
        assertThat(steps).allSatisfy(s -> assertThat(s.rows()).as(s.table()).isPositive());
        // The content itself stays: the card, its history (without who), the submissions' form and status.
        assertThat(resources.find(card.id(), Audience.EDITOR).orElseThrow().authorId()).isNull();
        assertThat(resources.versions(card.id(), PageRequest.first(50)).items()).hasSize(4)
                .allSatisfy(v -> assertThat(v.actorId()).isNotEqualTo(bea.user().id()));
        assertThat(resources.version(card.id(), 1).orElseThrow().snapshot().card().metadata()).containsEntry("contact", "[erased]");
        assertThat(List.of(hits(editor.email()).toString(), hits(editor.name()).toString())).as("the other user's data")
                .isEqualTo(editorsBefore);

        ErasureReport again = portal.privacy().erase(bea.user().id(), CallContext.system("privacy-test"));
        assertThat(again.modules().get("content")).extracting(ErasureStep::rows).containsOnly(0L);
    }

    @Test
    void aSoftDeletedUsersFormsSentWithoutSigningInAreFoundByTheAccountsAddress() {
        Person cleo = person("Cleo Deleted");
        forms.submit(NewSubmission.contact("contact", "C. D.", cleo.email().toUpperCase(Locale.ROOT), "Hi", "never signed in"),
                CallContext.anonymous("192.0.2.90", "Anonymous browser"));
        portal.service(UserService.class).delete(cleo.user().id(), ctx); // auth's live_users no longer shows the address
        assertThat(hits(cleo.email())).containsExactly("form_submissions.email (1 rows)");

        ErasureReport report = portal.privacy().erase(cleo.user().id(), CallContext.system("privacy-test"));

        assertThat(hits(cleo.email())).isEmpty();
        assertThat(hits("never signed in")).isEmpty();
        assertThat(report.modules().get("content")).filteredOn(s -> s.table().equals("form_submissions"))
                .singleElement().satisfies(s -> assertThat(s.rows()).isEqualTo(1));
        assertThat(portal.privacy().erase(cleo.user().id(), CallContext.system("privacy-test")).modules().get("content"))
                .extracting(ErasureStep::rows).containsOnly(0L);
    }
}
