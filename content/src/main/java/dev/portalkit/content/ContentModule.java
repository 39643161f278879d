package dev.portalkit.content;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.content.internal.ContentWiring;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Problems;
import java.util.List;
import java.util.Set;

/**
 * portalkit-content: {@code resource_cards}, {@code resource_steps}, {@code timeline_items} and
 * {@code form_submissions}, with {@link ResourceService}, {@link TimelineService} and {@link FormService}.
 * Needs portalkit-auth.
 *
 * <pre>{@code Portal.builder()...install(new AuthModule(), new ContentModule())}</pre>
 */
public final class ContentModule implements PortalModule {

    /** Where the module's migrations live (its migrationLocation()), for hosts that run their own Flyway. */
    public static final String MIGRATIONS = "classpath:dev/portalkit/content/db/migration";

    private final ContentOptions options;

    public ContentModule() {
        this(ContentOptions.defaults());
    }

    public ContentModule(ContentOptions options) {
        new Problems().check(options != null, "ContentModule needs options (was null): use ContentOptions.defaults()")
                .throwIfAny();
        this.options = options;
    }

    public ContentOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "content";
    }

    @Override
    public Set<Class<? extends PortalModule>> requires() {
        return Set.of(AuthModule.class);
    }

    @Override
    public List<Class<?>> mappers() {
        return ContentWiring.mappers();
    }

    @Override
    public void start(ModuleContext context) {
        ContentWiring.start(context, options);
    }
}
