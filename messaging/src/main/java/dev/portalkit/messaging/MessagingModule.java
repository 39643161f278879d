package dev.portalkit.messaging;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Problems;
import dev.portalkit.messaging.internal.MessagingWiring;
import java.util.List;
import java.util.Set;

/**
 * portalkit-messaging: {@code email_templates}, {@code email_logs} and {@code email_messages}, with
 * {@link EmailTemplateService}, {@link EmailService} and {@link MessageService}. Needs portalkit-auth.
 *
 * <pre>{@code
 * Portal.builder()...install(new AuthModule(), new MessagingModule(MessagingOptions.builder()
 *         .from("Acme <no-reply@acme.example>")
 *         .sender(new SmtpEmailSender(SmtpSettings.builder().host("smtp.acme.example").build()))
 *         .build()))
 * }</pre>
 */
public final class MessagingModule implements PortalModule {

    /** Where the module's migrations live (its migrationLocation()), for hosts that run their own Flyway. */
    public static final String MIGRATIONS = "classpath:dev/portalkit/messaging/db/migration";

    private final MessagingOptions options;

    public MessagingModule() {
        this(MessagingOptions.defaults());
    }

    public MessagingModule(MessagingOptions options) {
        new Problems().check(options != null, "MessagingModule needs options (was null): use MessagingOptions.defaults()")
                .throwIfAny();
        this.options = options;
    }

    public MessagingOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "messaging";
    }

    @Override
    public Set<Class<? extends PortalModule>> requires() {
        return Set.of(AuthModule.class);
    }

    @Override
    public List<Class<?>> mappers() {
        return MessagingWiring.mappers();
    }

    @Override
    public void start(ModuleContext context) {
        MessagingWiring.start(context, options);
    }
}
