package dev.portalkit.content;

import dev.portalkit.core.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A resource card and its steps as one {@link CardVersion} recorded them.
 *
 * @param card        the card's editable fields (slug included), as {@link ResourceService#update} takes them
 * @param status      the stored status then (a restore does not change the status)
 * @param publishAt   the publication scheduled then, or {@code null}
 * @param unpublishAt the unpublication scheduled then, or {@code null}
 * @param steps       the steps in order (position 0 first)
 */
public record CardSnapshot(CardInput card, CardStatus status, @Nullable Instant publishAt,
                           @Nullable Instant unpublishAt, List<StepInput> steps) {

    public CardSnapshot {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
