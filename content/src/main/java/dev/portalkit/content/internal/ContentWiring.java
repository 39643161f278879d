package dev.portalkit.content.internal;

import dev.portalkit.content.ContentOptions;
import dev.portalkit.content.FormService;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.SlugTakenException;
import dev.portalkit.content.TimelineService;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.ModuleContext;
import java.util.List;

/** Creates and registers the content services. Not API. */
public final class ContentWiring {

    private ContentWiring() {
    }

    public static List<Class<?>> mappers() {
        return List.of(ResourceCardMapper.class, ResourceStepMapper.class, ResourceCardVersionMapper.class, TimelineItemMapper.class,
                FormSubmissionMapper.class);
    }

    public static void start(ModuleContext context, ContentOptions options) {
        ContentContext c = new ContentContext(context, options);
        context.onConstraint("resource_cards_slug_live_key", v -> new SlugTakenException());
        // Foreign keys to users that the caller supplies indirectly: a typed error naming where it came from.
        context.onConstraint("resource_cards_author_fkey",
                v -> new ValidationException("context.actorId", "is not a known user (the card's author)"));
        context.onConstraint("resource_card_versions_actor_fkey",
                v -> new ValidationException("context.actorId", "is not a known user (the version's author)"));
        context.onConstraint("timeline_items_user_fkey",
                v -> new ValidationException("timeline.userId", "is not a known user"));
        context.onConstraint("form_submissions_user_fkey",
                v -> new ValidationException("context.actorId", "is not a known user (the submitting user)"));
        context.onConstraint("form_submissions_handled_by_fkey",
                v -> new ValidationException("context.actorId", "is not a known user (the handler)"));
        context.provide(ResourceService.class, new DefaultResourceService(c));
        context.provide(TimelineService.class, new DefaultTimelineService(c));
        context.provide(FormService.class, new DefaultFormService(c));
        context.personalData("content", new ContentPersonalData(c));
    }
}
