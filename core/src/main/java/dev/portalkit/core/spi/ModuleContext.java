package dev.portalkit.core.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.core.PortalException;
import java.time.Clock;
import java.util.function.Function;

/**
 * What a {@link dev.portalkit.core.PortalModule} gets when it starts: the shared runtime of one
 * Portal, and the places to register what it provides. For module authors, not for hosts.
 */
public interface ModuleContext {

    /** The validated PortalKit schema name; mapper XML refers to it as {@code ${schema}}. */
    String schema();

    Clock clock();

    Transactions transactions();

    AuditTrail audit();

    /** Where the module's meters go: the host's Micrometer registry, or nowhere. */
    Meters meters();

    /** The Portal's JSON mapper (Java time supported, dates as ISO strings). */
    ObjectMapper json();

    /** A service of this module or of a module started earlier. */
    <S> S service(Class<S> type);

    /**
     * A service that may or may not be installed, looked up at each {@code get()}, so a module
     * started after the caller's is seen: e.g. billing queues reminders through messaging's
     * {@link Outbox} when messaging is installed, without depending on its artifact.
     */
    <S> java.util.function.Supplier<java.util.Optional<S>> optionalService(Class<S> type);

    /**
     * Registers the module's part of data-subject requests ({@link dev.portalkit.core.PrivacyService})
     * under {@code module}, the key of its part in the export.
     */
    void personalData(String module, PersonalData part);

    /** Makes {@code implementation} available as {@code portal.service(type)}. */
    <S> void provide(Class<S> type, S implementation);

    /**
     * Turns a violation of the named constraint into the module's own exception instead of the
     * generic one for its SQLState.
     */
    void onConstraint(String constraintName, Function<ConstraintViolation, PortalException> translation);
}
