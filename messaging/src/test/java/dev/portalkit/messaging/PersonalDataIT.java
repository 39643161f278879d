package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.auth.User;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureReport;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messaging's part of portal.privacy(): the export, and an erasure that leaves nothing of the user in any column. */
class PersonalDataIT {

    static final InMemoryEmailSender sender = new InMemoryEmailSender();

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(sender, null, o -> o.retainBodies(true).unsubscribe(
            "https://acme.example/unsubscribe", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));

    static final List<String> TABLES = List.of("email_templates", "email_logs", "email_log_keys", "email_messages",
            "email_opt_outs", "email_suppression_resets", "email_domain_windows");

    @Test
    void theExportHoldsTheUsersEmailsMessagesAndOptOutsAndTheErasureLeavesNoTraceAndIsIdempotent() throws Exception {
        Portal portal = kit.portal();
        User ann = MessagingTests.user(portal, "AnnikaErasure");
        User bob = MessagingTests.user(portal, "BobKeeper");
        CallContext annBrowser = CallContext.of(ann.id(), "198.51.100.77", "ErasureTestAgent/1.0");
        String welcome = MessagingTests.template(portal, "gdpr-welcome",
                TemplateContent.of("Welcome {{name}} <{{email}}>", "<p>Hi {{name}}, {{email}}</p>", "Hi {{name}}",
                        "name", "email"));
        String news = MessagingTests.template(portal, "gdpr-news",
                TemplateContent.of("News for {{name}}", null, "Hello {{name}}", "name").inCategory("newsletter"));
        EmailService emails = portal.service(EmailService.class);
        Map<String, Object> model = Map.of("name", ann.displayName(), "email", ann.email());
        EmailLog sent = emails.queue(EmailRequest.of(welcome, "en", ann.email(), model, "welcome-" + ann.email())
                .forUser(ann.id()).withMetadata(Map.of("signup", ann.email())), annBrowser);
        emails.deliverPending(10, JOB);
        // To their address, not marked as about them, in another case, still queued when erased.
        EmailLog pending = emails.queue(news, "en", ann.email().toUpperCase(), Map.of("name", ann.displayName()), null, ADMIN);
        MessageService messages = portal.service(MessageService.class);
        Message fromAnn = messages.send(new NewMessage(ann.id(), bob.id(), "From " + ann.displayName(),
                "Write to " + ann.email()), annBrowser);
        Message toAnn = messages.send(new NewMessage(bob.id(), ann.id(), "Hello " + ann.displayName(),
                "Dear " + ann.displayName() + ", your address " + ann.email() + " works"), MessagingTests.as(bob));
        SuppressionService suppressions = portal.service(SuppressionService.class);
        suppressions.optOut(ann.email(), "newsletter", annBrowser);

        JsonNode export = new ObjectMapper().readTree(portal.privacy().export(ann.id())).get("messaging");
        assertThat(export.get("emails")).hasSize(2);
        assertThat(export.get("emails").findValuesAsText("id")).contains(sent.id().toString(), pending.id().toString());
        assertThat(export.get("emails").get(0).get("subject").asText()).contains(ann.displayName());
        assertThat(export.toString()).doesNotContain("<p>Hi").doesNotContain("claim");
        assertThat(export.get("messagesSent").findValuesAsText("id")).containsExactly(fromAnn.id().toString());
        assertThat(export.get("messagesReceived").findValuesAsText("id")).containsExactly(toAnn.id().toString());
        assertThat(export.get("optOuts").findValuesAsText("category")).containsExactly("newsletter");

        List<String> needles = List.of(ann.email(), ann.email().toUpperCase(), ann.displayName(), "198.51.100.77",
                "ErasureTestAgent");
        assertThat(scan(portal, needles)).as("the scan finds the user before the erasure").isNotEmpty();

        ErasureReport report = portal.privacy().erase(ann.id(), ADMIN);
        List<ErasureStep> steps = report.modules().get("messaging");
        assertThat(steps).contains(new ErasureStep("email_logs", dev.portalkit.core.ErasureAction.ANONYMISED, 2),
                new ErasureStep("email_log_keys", dev.portalkit.core.ErasureAction.DELETED, 1),
                new ErasureStep("email_messages", dev.portalkit.core.ErasureAction.ANONYMISED, 2),
                new ErasureStep("email_opt_outs", dev.portalkit.core.ErasureAction.DELETED, 1));

        List<String> leaks = scan(portal, needles);
        assertThat(leaks).isEmpty();
        // The queued newsletter is never sent to anyone now.
        int before = sender.sent().size();
        emails.deliverPending(10, JOB);
        assertThat(sender.sent()).hasSize(before);
        assertThat(emails.find(pending.id()).orElseThrow().status()).isEqualTo(EmailStatus.SUPPRESSED);
        // Bob keeps his copy of what he sent, without Ann in it.
        assertThat(messages.get(toAnn.id(), bob.id()).body()).doesNotContain(ann.email()).doesNotContain(ann.displayName());

        ErasureReport second = portal.privacy().erase(ann.id(), ADMIN);
        assertThat(second.modules().get("messaging")).allSatisfy(s -> assertThat(s.rows()).isZero());
    }

    /** Every text, varchar and jsonb column of messaging's tables (email_logs: the parent, so every partition). */
    private static List<String> scan(Portal portal, List<String> needles) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = portal.dataSource().getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ANY (?) AND data_type IN ('text', 'character varying', 'jsonb')")) {
                ps.setString(1, portal.schema());
                ps.setArray(2, c.createArrayOf("text", TABLES.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            assertThat(columns.stream().map(t -> t[0]).distinct()).contains("email_logs", "email_messages", "email_opt_outs");
            for (String[] col : columns) {
                for (String needle : needles) {
                    String sql = "SELECT count(*) FROM " + portal.schema() + "." + col[0] + " WHERE strpos(lower(CAST("
                            + col[1] + " AS text)), lower(?)) > 0";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, needle);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.add(col[0] + "." + col[1] + " holds " + needle);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
