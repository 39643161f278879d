package dev.portalkit.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureReport;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PrivacyService;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.PersonalData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Asks every installed module's {@link PersonalData} part, in one transaction: in start order to
 * export, in reverse to erase (the modules that point at users first, auth's account after them), and
 * the audit trail's redaction last, so nothing erased later writes personal data back into it. Its one
 * audit row is the redaction's own ({@code audit.personal_data_erased}), with every module's counts.
 */
final class DefaultPrivacyService implements PrivacyService {

    private final CoreContext core;
    private final DefaultActivityLog activityLog;
    private final Map<String, PersonalData> parts;

    DefaultPrivacyService(CoreContext core, DefaultActivityLog activityLog, Map<String, PersonalData> parts) {
        this.core = core;
        this.activityLog = activityLog;
        this.parts = parts;
    }

    @Override
    public String export(UUID userId) {
        requireUser(userId);
        ObjectNode document = core.tx.call(() -> {
            PersonalData.Subject subject = subject(userId);
            ObjectNode root = core.json.createObjectNode();
            root.put("userId", userId.toString());
            root.put("exportedAt", core.now().toString());
            parts.forEach((module, part) -> root.set(module, part.export(subject)));
            ObjectNode audit = core.json.createObjectNode();
            audit.set("activity", core.json.valueToTree(core.mapper(ActivityLogMapper.class).aboutUser(userId)));
            root.set("core", audit);
            return root;
        });
        try {
            return core.json.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the export of " + userId + " could not be written as JSON", e);
        }
    }

    @Override
    public ErasureReport erase(UUID userId, CallContext context) {
        requireUser(userId);
        if (context == null) {
            throw new ValidationException("context", "is required: who asks for the erasure");
        }
        // The user asking for their own erasure: the audit rows written now must not hold their ip or agent.
        CallContext asker = userId.equals(context.actorId())
                ? new CallContext(context.actorId(), null, null, context.requestId()) : context;
        return core.tx.callRetrying(() -> {
            PersonalData.Subject subject = subject(userId);
            Map<String, List<ErasureStep>> done = new LinkedHashMap<>();
            List<PersonalData.Entity> entities = new ArrayList<>();
            parts.values().forEach(part -> entities.addAll(part.auditedEntities(subject)));
            List<String> order = new ArrayList<>(parts.keySet());
            java.util.Collections.reverse(order);
            for (String module : order) {
                done.put(module, List.copyOf(parts.get(module).erase(subject, asker)));
            }
            Map<String, Object> counts = new LinkedHashMap<>();
            done.forEach((module, steps) -> counts.put(module, steps.stream()
                    .filter(s -> s.action() != ErasureAction.KEPT).mapToLong(ErasureStep::rows).sum()));
            // The erasure's own row (audit.personal_data_erased) holds the modules' counts: later erasures keep it.
            long redacted = activityLog.erasePersonalData(userId, entities, asker, Map.of("modules", counts));
            done.put("core", List.of(new ErasureStep("activity_logs", ErasureAction.ANONYMISED, redacted)));
            return new ErasureReport(userId, done);
        });
    }

    private static void requireUser(UUID userId) {
        if (userId == null) {
            throw new ValidationException("userId", "is required");
        }
    }

    /** The user as the actor directory (auth's users, deleted ones too) knows them: else not found. */
    private PersonalData.Subject subject(UUID userId) {
        String email = core.mapper(ActivityLogMapper.class).actorEmail(userId);
        if (email == null) {
            throw new NotFoundException("User", userId);
        }
        for (PersonalData part : parts.values()) {
            PersonalData.Subject described = part.describe(userId);
            if (described != null) {
                return new PersonalData.Subject(userId, described.email() != null ? described.email()
                        : email.isEmpty() ? null : email, described.displayName());
            }
        }
        return new PersonalData.Subject(userId, email.isEmpty() ? null : email, null);
    }
}
