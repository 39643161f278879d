package dev.portalkit.auth.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.spi.PersonalData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Auth's part of a data-subject request: the export (profile, settings, sessions without their token
 * hashes, whether two-factor sign-in is on, a pending e-mail change) and the erasure (every row about
 * the user deleted, the account row anonymised and kept, so the foreign keys of payments and audit
 * rows still hold). Runs in the privacy service's transaction. Not API.
 */
final class AuthPersonalData implements PersonalData {

    private final AuthContext auth;

    AuthPersonalData(AuthContext auth) {
        this.auth = auth;
    }

    private PersonalDataMapper rows() {
        return auth.mapper(PersonalDataMapper.class);
    }

    /** The account as it is, deleted or not: its e-mail and name, which the other modules look for. */
    @Override
    public Subject describe(UUID userId) {
        PersonalDataMapper.Account found = rows().describe(userId);
        return found == null ? null : new Subject(userId, found.email(), found.displayName());
    }

    @Override
    public ObjectNode export(Subject subject) {
        UUID userId = subject.userId();
        String json = rows().export(userId, auth.now());
        try {
            return (ObjectNode) auth.json.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("auth's export of " + userId + " is not JSON", e);
        }
    }

    @Override
    public List<ErasureStep> erase(Subject subject, CallContext context) {
        UUID userId = subject.userId();
        PersonalDataMapper m = rows();
        List<ErasureStep> steps = new ArrayList<>();
        // First: it finds the addresses through the rows deleted below.
        steps.add(deleted("password_reset_requests", m.deleteResetRequests(userId)));
        steps.add(deleted("auth_sessions", m.deleteSessions(userId)));
        steps.add(deleted("login_challenges", m.deleteChallenges(userId)));
        steps.add(deleted("password_reset_tokens", m.deleteResetTokens(userId)));
        steps.add(deleted("email_verification_tokens", m.deleteVerificationTokens(userId)));
        steps.add(deleted("email_change_tokens", m.deleteEmailChangeTokens(userId)));
        steps.add(deleted("recovery_codes", m.deleteRecoveryCodes(userId)));
        steps.add(deleted("user_totp", m.deleteTotp(userId)));
        steps.add(deleted("user_settings", m.deleteSettings(userId)));
        steps.add(new ErasureStep("users", ErasureAction.ANONYMISED, m.anonymise(userId, auth.now())));
        return steps;
    }

    private static ErasureStep deleted(String table, int rows) {
        return new ErasureStep(table, ErasureAction.DELETED, rows);
    }
}
