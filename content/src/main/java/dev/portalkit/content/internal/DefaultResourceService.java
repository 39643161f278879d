package dev.portalkit.content.internal;

import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.CardQuery;
import dev.portalkit.content.CardStatus;
import dev.portalkit.content.CardVersion;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.ResourceStep;
import dev.portalkit.content.SearchHit;
import dev.portalkit.content.SlugLockedException;
import dev.portalkit.content.SlugTakenException;
import dev.portalkit.content.StepInput;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Not API: create through the Portal. */
public final class DefaultResourceService implements ResourceService {

    /** Generated slugs try -2 ... -20, then a random suffix: a popular title cannot stall a create. */
    private static final int NUMBERED_SLUG_ATTEMPTS = 20;

    private final ContentContext c;
    private final ResourceSteps steps;
    private final Versions versions;

    DefaultResourceService(ContentContext c) {
        this.c = c;
        this.steps = new ResourceSteps(c);
        this.versions = new Versions(c);
    }

    private ResourceCardMapper cards() {
        return c.cards();
    }

    // ------------------------------------------------------------------------------------- cards

    @Override
    public ResourceCard create(CardInput input, CallContext context) {
        CardInput in = CardInputs.checked(input);
        return c.tx.callRetrying(() -> {
            ResourceCard created;
            if (in.slug() != null) {
                created = cards().insert(in, in.slug(), context.actorId());
                if (created == null) {
                    throw new SlugTakenException();
                }
            } else {
                created = insertWithGeneratedSlug(in, context.actorId());
            }
            c.audit("resource_card.created", "resource_card", created.id(), null, CardInputs.fields(created), null, context);
            c.recordVersion(created.id(), "resource_card.created", context);
            return created;
        });
    }

    private ResourceCard insertWithGeneratedSlug(CardInput in, UUID authorId) {
        String base = Checks.slugOf(in.title());
        for (int i = 1; ; i++) {
            String slug = i == 1 ? base
                    : i <= NUMBERED_SLUG_ATTEMPTS ? base + "-" + i
                    : base + "-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
            ResourceCard created = cards().insert(in, slug, authorId);
            if (created != null) {
                return created;
            }
        }
    }

    @Override
    public ResourceCard update(UUID id, CardInput input, long expectedVersion, CallContext context) {
        CardInput in = CardInputs.checked(input);
        return c.tx.callRetrying(() -> {
            ResourceCard before = c.lockCard(id);
            if (before.version() != expectedVersion) {
                throw new StaleVersionException("Resource card", id, expectedVersion, before.version());
            }
            String slug = in.slug() == null ? before.slug() : in.slug();
            if (!slug.equals(before.slug()) && before.publishedAt() != null) {
                throw new SlugLockedException(id, before.slug());
            }
            ResourceCard after = cards().update(id, in, slug, expectedVersion); // slug taken: SlugTakenException
            if (after == null) { // cannot happen under the row lock, but never overwrite silently
                throw new StaleVersionException("Resource card", id, expectedVersion, before.version());
            }
            Map<String, Object> b = CardInputs.fields(before);
            Map<String, Object> a = CardInputs.fields(after);
            Checks.changedOnly(b, a);
            c.audit("resource_card.updated", "resource_card", id, b, a, Map.of("version", after.version()), context);
            c.recordVersion(id, "resource_card.updated", context);
            return after;
        });
    }

    @Override
    public ResourceCard publish(UUID id, CallContext context) {
        return setStatus(id, CardStatus.PUBLISHED, "resource_card.published", context);
    }

    @Override
    public ResourceCard unpublish(UUID id, CallContext context) {
        return setStatus(id, CardStatus.DRAFT, "resource_card.unpublished", context);
    }

    @Override
    public ResourceCard archive(UUID id, CallContext context) {
        return setStatus(id, CardStatus.ARCHIVED, "resource_card.archived", context);
    }

    private ResourceCard setStatus(UUID id, CardStatus status, String action, CallContext context) {
        return c.tx.callRetrying(() -> {
            ResourceCard before = c.lockCard(id);
            if (before.status() == status) {
                return before;
            }
            ResourceCard after = cards().setStatus(id, status, c.now());
            c.audit(action, "resource_card", id, Map.of("status", before.status().name()),
                    Map.of("status", after.status().name()), null, context);
            c.recordVersion(id, action, context);
            return after;
        });
    }

    @Override
    public void delete(UUID id, CallContext context) {
        c.tx.runRetrying(() -> {
            ResourceCard deleted = cards().softDelete(id, c.now());
            if (deleted == null) {
                throw new NotFoundException("Resource card", id);
            }
            c.audit("resource_card.deleted", "resource_card", id, null, null, Map.of("slug", deleted.slug()), context);
            c.recordVersion(id, "resource_card.deleted", context);
        });
    }

    @Override
    public ResourceCard restore(UUID id, CallContext context) {
        return c.tx.callRetrying(() -> {
            ResourceCard any = cards().lockAny(id);
            if (any == null || !any.deleted()) {
                throw new NotFoundException("Deleted resource card", id);
            }
            ResourceCard restored = cards().restore(id); // resource_cards_slug_live_key: SlugTakenException
            c.audit("resource_card.restored", "resource_card", id, null, null, Map.of("slug", restored.slug()), context);
            c.recordVersion(id, "resource_card.restored", context);
            return restored;
        });
    }

    // ------------------------------------------------------------------------- scheduled publishing

    @Override
    public ResourceCard schedule(UUID id, Instant publishAt, Instant unpublishAt, CallContext context) {
        Validation v = new Validation();
        if (publishAt == null && unpublishAt == null) {
            v.fail("publishAt", "publishAt or unpublishAt is required (cancelSchedule removes a schedule)");
        }
        if (publishAt != null) {
            v.instant("publishAt", publishAt);
        }
        if (unpublishAt != null) {
            v.instant("unpublishAt", unpublishAt);
        }
        if (publishAt != null && unpublishAt != null && !unpublishAt.isAfter(publishAt)) {
            v.fail("unpublishAt", "must be after publishAt");
        }
        v.throwIfInvalid();
        return c.tx.callRetrying(() -> {
            ResourceCard before = c.lockCard(id);
            if (publishAt != null && before.status() == CardStatus.PUBLISHED) {
                throw new ValidationException("publishAt", "the card is already published (schedule only unpublishAt)");
            }
            ResourceCard after = cards().schedule(id, publishAt, unpublishAt);
            c.audit("resource_card.scheduled", "resource_card", id, schedule(before), schedule(after), null, context);
            c.recordVersion(id, "resource_card.scheduled", context);
            return after;
        });
    }

    @Override
    public ResourceCard cancelSchedule(UUID id, CallContext context) {
        return c.tx.callRetrying(() -> {
            ResourceCard before = c.lockCard(id);
            if (before.publishAt() == null && before.unpublishAt() == null) {
                return before;
            }
            ResourceCard after = cards().schedule(id, null, null);
            c.audit("resource_card.schedule_cancelled", "resource_card", id, schedule(before), null, null, context);
            c.recordVersion(id, "resource_card.schedule_cancelled", context);
            return after;
        });
    }

    private static Map<String, Object> schedule(ResourceCard card) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("publishAt", card.publishAt() == null ? null : card.publishAt().toString());
        m.put("unpublishAt", card.unpublishAt() == null ? null : card.unpublishAt().toString());
        return m;
    }

    @Override
    public int publishDue(CallContext context) {
        new Validation().notNull("context", context).throwIfInvalid();
        int changed = 0;
        // Unpublishing first: a card whose publishAt and unpublishAt have both come is never shown.
        for (boolean publishing : new boolean[] {false, true}) {
            int batch;
            do {
                batch = c.tx.callRetrying(() -> {
                    Instant now = c.now();
                    List<DueChange> done = publishing ? cards().publishDue(now, DUE_BATCH) : cards().unpublishDue(now, DUE_BATCH);
                    for (DueChange d : done) {
                        String action = !d.statusBefore().equals(d.statusAfter())
                                ? (publishing ? "resource_card.published" : "resource_card.unpublished")
                                : "resource_card.schedule_lapsed";
                        c.audit(action, "resource_card", d.id(), Map.of("status", d.statusBefore()),
                                Map.of("status", d.statusAfter()), Map.of("scheduled", true), context);
                        c.recordVersion(d.id(), action, context);
                    }
                    return done.size();
                });
                changed += batch;
            } while (batch == DUE_BATCH);
        }
        return changed;
    }

    // ---------------------------------------------------------------------------- version history

    @Override
    public Page<CardVersion> versions(UUID cardId, PageRequest page) {
        return versions.list(cardId, page);
    }

    @Override
    public Optional<CardVersion> version(UUID cardId, int number) {
        return versions.find(cardId, number);
    }

    @Override
    public ResourceCard restoreVersion(UUID cardId, int number, long expectedVersion, CallContext context) {
        return versions.restore(cardId, number, expectedVersion, context);
    }

    // ------------------------------------------------------------------------------------- reads

    @Override
    public Optional<ResourceCard> find(UUID id, Audience audience) {
        return Optional.ofNullable(c.tx.readReplica(() -> cards().find(id, CardInputs.readersOnly(audience), c.now())));
    }

    @Override
    public Optional<ResourceCard> findBySlug(String slug, Audience audience) {
        if (slug == null || slug.length() > Checks.SLUG_MAX || !Checks.SLUG.matcher(slug).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(c.tx.readReplica(() -> cards().findBySlug(slug, CardInputs.readersOnly(audience), c.now())));
    }

    @Override
    public Page<ResourceCard> list(CardQuery query, PageRequest page) {
        CardQuery q = CardInputs.checked(query);
        CardKey after = Cursors.decode(page.cursor(), 3,
                p -> new CardKey(Integer.parseInt(p.get(0)), Instant.parse(p.get(1)), UUID.fromString(p.get(2))));
        List<ResourceCard> rows = c.tx.readReplica(() -> cards().list(q, CardInputs.readersOnly(q.audience()), after,
                page.limit() + 1, c.now()));
        return Cursors.page(rows, page.limit(), last -> Cursors.encode(last.position(), last.createdAt(), last.id()));
    }

    @Override
    public Page<SearchHit> search(String text, Audience audience, PageRequest page) {
        new Validation().text("text", text, 1, 200).throwIfInvalid();
        RankedId after = Cursors.decode(page.cursor(), 2, p -> new RankedId(UUID.fromString(p.get(1)), Float.parseFloat(p.get(0))));
        boolean readers = CardInputs.readersOnly(audience);
        // Two statements, each with its own snapshot (as in a READ COMMITTED transaction): the cards are
        // fetched visible-only, so one unpublished or removed in between is left out, never shown.
        Instant now = c.now();
        return c.tx.readReplica(() -> {
            Page<RankedId> ranked = Cursors.page(cards().search(text, readers, after, page.limit() + 1, now), page.limit(),
                    last -> Cursors.encode(Float.toString(last.rank()), last.id()));
            if (ranked.items().isEmpty()) {
                return new Page<>(List.of(), null);
            }
            Map<UUID, ResourceCard> byId = new HashMap<>();
            cards().findAll(ranked.items().stream().map(RankedId::id).toList(), readers, now).forEach(card -> byId.put(card.id(), card));
            List<SearchHit> hits = ranked.items().stream().filter(r -> byId.containsKey(r.id()))
                    .map(r -> new SearchHit(byId.get(r.id()), r.rank())).toList();
            return new Page<>(hits, ranked.nextCursor());
        });
    }

    // ------------------------------------------------------------------------------------- steps

    @Override
    public List<ResourceStep> steps(UUID cardId, Audience audience) {
        return steps.steps(cardId, audience);
    }

    @Override
    public ResourceStep addStep(UUID cardId, Integer position, StepInput input, CallContext context) {
        return steps.add(cardId, position, input, context);
    }

    @Override
    public ResourceStep updateStep(UUID stepId, StepInput input, CallContext context) {
        return steps.update(stepId, input, context);
    }

    @Override
    public void removeStep(UUID stepId, CallContext context) {
        steps.remove(stepId, context);
    }

    @Override
    public List<ResourceStep> moveStep(UUID stepId, int position, CallContext context) {
        return steps.move(stepId, position, context);
    }

    @Override
    public List<ResourceStep> reorderSteps(UUID cardId, List<UUID> orderedStepIds, CallContext context) {
        return steps.reorder(cardId, orderedStepIds, context);
    }
}
