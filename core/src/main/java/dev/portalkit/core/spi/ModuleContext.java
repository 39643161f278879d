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

    /** Makes {@code implementation} available as {@code portal.service(type)}. */
    <S> void provide(Class<S> type, S implementation);

    /**
     * Turns a violation of the named constraint into the module's own exception instead of the
     * generic one for its SQLState.
     */
    void onConstraint(String constraintName, Function<ConstraintViolation, PortalException> translation);
}
