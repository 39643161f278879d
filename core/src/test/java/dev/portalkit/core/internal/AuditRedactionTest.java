package dev.portalkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values under keys that name a secret never reach the audit trail, however often or oddly the key is written. */
class AuditRedactionTest {

    @Test
    void secretKeysAreRedactedAtEveryDepthAndEveryTime() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("apiKey", "k-1");
        nested.put("note", "kept");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("Password", "p");
        event.put("new_password_hash", "$2a$...");
        event.put("reset\ntoken", "t"); // a line break does not hide the word
        event.put("OTP", "123456");
        event.put("email", "ann@example.com");
        event.put("empty_secret", null);
        event.put("list", List.of(Map.of("credential", "c"), "plain"));
        event.put("nested", nested);
        for (int round = 0; round < 3; round++) { // the second and third rounds answer from the judged keys
            Map<String, Object> out = AuditWriter.redact(event);
            assertThat(out).containsEntry("Password", AuditWriter.REDACTED)
                    .containsEntry("new_password_hash", AuditWriter.REDACTED)
                    .containsEntry("reset\ntoken", AuditWriter.REDACTED)
                    .containsEntry("OTP", AuditWriter.REDACTED)
                    .containsEntry("email", "ann@example.com")
                    .containsEntry("empty_secret", null)
                    .containsEntry("list", List.of(Map.of("credential", AuditWriter.REDACTED), "plain"))
                    .containsEntry("nested", Map.of("apiKey", AuditWriter.REDACTED, "note", "kept"));
        }
    }

    @Test
    void keysPastTheJudgedLimitAreStillJudged() {
        for (int i = 0; i < 5000; i++) {
            assertThat(AuditWriter.secretKey("field" + i)).isFalse();
            assertThat(AuditWriter.secretKey("field" + i + "_token")).isTrue();
        }
    }
}
