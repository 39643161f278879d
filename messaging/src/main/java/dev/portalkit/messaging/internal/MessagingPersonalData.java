package dev.portalkit.messaging.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.spi.PersonalData;
import java.util.List;
import java.util.UUID;

/**
 * Messaging's part of data-subject requests: the user's e-mails (about them or to their address), their
 * messages sent and received, their opt-outs. Runs in the privacy service's transaction. Not API.
 */
final class MessagingPersonalData extends MessagingServiceBase implements PersonalData {

    MessagingPersonalData(MessagingContext m) {
        super(m);
    }

    private PersonalDataMapper data() {
        return m.mapper(PersonalDataMapper.class);
    }

    @Override
    public ObjectNode export(Subject subject) {
        UUID userId = subject.userId();
        String email = subject.email();
        try {
            return (ObjectNode) m.json.readTree(data().export(userId, email));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the export statement returns a JSON object", e);
        }
    }

    @Override
    public List<ErasureStep> erase(Subject subject, CallContext context) {
        UUID userId = subject.userId();
        String email = subject.email();
        String name = subject.displayName() != null ? subject.displayName() : data().displayName(userId);
        // Received first: it needs the address and name the other statements do not change.
        int received = data().eraseReceivedMessages(userId, email, name);
        int sent = data().eraseSentMessages(userId);
        int keys = data().eraseEmailLogKeys(userId, email);
        int logs = data().eraseEmailLogs(userId, email, m.now());
        int optOuts = email == null ? 0 : data().eraseOptOuts(email);
        int resets = email == null ? 0 : data().eraseSuppressionResets(email);
        return List.of(
                new ErasureStep("email_logs", ErasureAction.ANONYMISED, logs),
                new ErasureStep("email_log_keys", ErasureAction.DELETED, keys),
                new ErasureStep("email_messages", ErasureAction.ANONYMISED, (long) sent + received),
                new ErasureStep("email_opt_outs", ErasureAction.DELETED, optOuts),
                new ErasureStep("email_suppression_resets", ErasureAction.DELETED, resets));
    }

    /** The e-mails about the user or to their address: their audit rows ({@code email.queued}) name the address. */
    @Override
    public List<Entity> auditedEntities(Subject subject) {
        return data().emailIds(subject.userId(), subject.email()).stream().map(id -> new Entity("email", id)).toList();
    }
}
