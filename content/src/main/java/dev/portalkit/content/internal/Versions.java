package dev.portalkit.content.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.CardSnapshot;
import dev.portalkit.content.CardStatus;
import dev.portalkit.content.CardVersion;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.SlugLockedException;
import dev.portalkit.content.StepInput;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The version history of resource cards: {@link dev.portalkit.content.ResourceService}'s version methods.
 * The versions themselves are recorded by every change ({@link ContentContext#recordVersion}). Not API.
 */
final class Versions {

    private final ContentContext c;

    Versions(ContentContext c) {
        this.c = c;
    }

    private ResourceCardVersionMapper versions() {
        return c.mapper(ResourceCardVersionMapper.class);
    }

    Page<CardVersion> list(UUID cardId, PageRequest page) {
        Integer before = Cursors.decode(page.cursor(), 1, p -> Integer.valueOf(p.get(0)));
        List<VersionRow> rows = c.tx.readReplica(() -> versions().page(cardId, before, page.limit() + 1));
        Page<VersionRow> raw = Cursors.page(rows, page.limit(), last -> Cursors.encode(last.number()));
        return new Page<>(raw.items().stream().map(this::toVersion).toList(), raw.nextCursor());
    }

    Optional<CardVersion> find(UUID cardId, int number) {
        if (number < 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(c.tx.readReplica(() -> versions().find(cardId, number))).map(this::toVersion);
    }

    ResourceCard restore(UUID cardId, int number, long expectedVersion, CallContext context) {
        if (number < 1) {
            throw new ValidationException("number", "must be 1 or more");
        }
        return c.tx.callRetrying(() -> {
            ResourceCard before = c.lockCard(cardId);
            if (before.version() != expectedVersion) {
                throw new StaleVersionException("Resource card", cardId, expectedVersion, before.version());
            }
            VersionRow row = versions().find(cardId, number);
            if (row == null) {
                throw new NotFoundException("Resource card version", cardId + "/" + number);
            }
            CardSnapshot snapshot = toVersion(row).snapshot();
            CardInput in = snapshot.card();
            if (!in.slug().equals(before.slug()) && before.publishedAt() != null) {
                throw new SlugLockedException(cardId, before.slug());
            }
            ResourceCard after = c.cards().update(cardId, in, in.slug(), expectedVersion); // slug taken: SlugTakenException
            if (after == null) { // cannot happen under the row lock, but never overwrite silently
                throw new StaleVersionException("Resource card", cardId, expectedVersion, before.version());
            }
            ResourceStepMapper steps = c.mapper(ResourceStepMapper.class);
            int removed = steps.deleteAll(cardId);
            for (int i = 0; i < snapshot.steps().size(); i++) {
                steps.insert(cardId, i, snapshot.steps().get(i));
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("restoredVersion", number);
            meta.put("version", after.version());
            meta.put("stepsBefore", removed);
            meta.put("stepsAfter", snapshot.steps().size());
            c.audit("resource_card.version_restored", "resource_card", cardId, null, null, meta, context);
            c.recordVersion(cardId, "resource_card.version_restored", context);
            return after;
        });
    }

    CardVersion toVersion(VersionRow row) {
        JsonNode s;
        try {
            s = c.json.readTree(row.snapshot());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("resource_card_versions.snapshot of card " + row.cardId() + " version "
                    + row.number() + " is not JSON", e);
        }
        JsonNode card = s.path("card");
        List<String> tags = new ArrayList<>();
        card.path("tags").forEach(t -> tags.add(t.asText()));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = card.hasNonNull("metadata") ? c.json.convertValue(card.get("metadata"), Map.class) : Map.of();
        CardInput in = new CardInput(text(card, "slug"), text(card, "title"), text(card, "summary"), text(card, "body"),
                text(card, "category"), tags, text(card, "coverImageUrl"), card.path("position").asInt(), metadata);
        List<StepInput> steps = new ArrayList<>();
        for (JsonNode st : s.path("steps")) {
            steps.add(new StepInput(text(st, "title"), text(st, "body"),
                    st.hasNonNull("estimatedMinutes") ? st.get("estimatedMinutes").asInt() : null, text(st, "mediaUrl")));
        }
        CardSnapshot snapshot = new CardSnapshot(in, CardStatus.valueOf(s.path("status").asText()),
                instant(s, "publishAt"), instant(s, "unpublishAt"), steps);
        return new dev.portalkit.content.CardVersion(row.cardId(), row.number(), row.actorId(), row.change(),
                row.createdAt(), snapshot);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /** jsonb renders a timestamptz as ISO 8601 with the session's offset. */
    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? OffsetDateTime.parse(n.get(field).asText()).toInstant() : null;
    }
}
