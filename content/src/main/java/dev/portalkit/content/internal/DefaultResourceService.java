package dev.portalkit.content.internal;

import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.CardQuery;
import dev.portalkit.content.CardStatus;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Not API: create through the Portal. */
public final class DefaultResourceService implements ResourceService {

    private static final String CARD = "Resource card";
    private static final int MAX_TAGS = 20;
    private static final int KEY_MAX = 50;
    /** Generated slugs try -2 ... -20, then a random suffix: a popular title cannot stall a create. */
    private static final int NUMBERED_SLUG_ATTEMPTS = 20;

    private final ContentContext c;

    DefaultResourceService(ContentContext c) {
        this.c = c;
    }

    private CardMapper cards() {
        return c.mapper(CardMapper.class);
    }

    private StepMapper stepMapper() {
        return c.mapper(StepMapper.class);
    }

    // ------------------------------------------------------------------------------------- cards

    @Override
    public ResourceCard create(CardInput input, CallContext context) {
        CardInput in = normalise(input);
        Validation v = validate(in);
        if (in.slug() != null) {
            Checks.slug(v, "slug", in.slug());
        }
        v.throwIfInvalid();
        Objects.requireNonNull(context, "null context");
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
            c.audit("resource_card.created", "resource_card", created.id(), null, fields(created), null, context);
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
        Objects.requireNonNull(id, "null id");
        CardInput in = normalise(input);
        Validation v = validate(in);
        if (in.slug() != null) {
            Checks.slug(v, "slug", in.slug());
        }
        v.throwIfInvalid();
        return c.tx.callRetrying(() -> {
            ResourceCard before = requireLocked(id);
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
            Map<String, Object> b = fields(before);
            Map<String, Object> a = fields(after);
            changedOnly(b, a);
            c.audit("resource_card.updated", "resource_card", id, b, a, Map.of("version", after.version()), context);
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
        Objects.requireNonNull(id, "null id");
        return c.tx.callRetrying(() -> {
            ResourceCard before = requireLocked(id);
            if (before.status() == status) {
                return before;
            }
            ResourceCard after = cards().setStatus(id, status, c.now());
            c.audit(action, "resource_card", id, Map.of("status", before.status().name()),
                    Map.of("status", after.status().name()), null, context);
            return after;
        });
    }

    @Override
    public void delete(UUID id, CallContext context) {
        Objects.requireNonNull(id, "null id");
        c.tx.runRetrying(() -> {
            ResourceCard deleted = cards().softDelete(id, c.now());
            if (deleted == null) {
                throw new NotFoundException(CARD, id);
            }
            c.audit("resource_card.deleted", "resource_card", id, null, null, Map.of("slug", deleted.slug()), context);
        });
    }

    @Override
    public ResourceCard restore(UUID id, CallContext context) {
        Objects.requireNonNull(id, "null id");
        return c.tx.callRetrying(() -> {
            ResourceCard any = cards().lockAny(id);
            if (any == null || !any.deleted()) {
                throw new NotFoundException("Deleted resource card", id);
            }
            ResourceCard restored = cards().restore(id); // resource_cards_slug_live_key: SlugTakenException
            c.audit("resource_card.restored", "resource_card", id, null, null, Map.of("slug", restored.slug()), context);
            return restored;
        });
    }

    @Override
    public Optional<ResourceCard> find(UUID id, Audience audience) {
        Objects.requireNonNull(id, "null id");
        return Optional.ofNullable(c.tx.read(() -> cards().find(id, readersOnly(audience))));
    }

    @Override
    public Optional<ResourceCard> findBySlug(String slug, Audience audience) {
        if (slug == null || slug.length() > Checks.SLUG_MAX || !Checks.SLUG.matcher(slug).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(c.tx.read(() -> cards().findBySlug(slug, readersOnly(audience))));
    }

    @Override
    public Page<ResourceCard> list(CardQuery query, PageRequest page) {
        Objects.requireNonNull(query, "null query");
        Objects.requireNonNull(page, "null page");
        CardQuery q = new CardQuery(query.audience(), Checks.key(query.category()), Checks.key(query.tag()), query.status());
        Validation v = new Validation();
        Checks.optionalKey(v, "category", q.category(), KEY_MAX);
        Checks.optionalKey(v, "tag", q.tag(), KEY_MAX);
        v.throwIfInvalid();
        List<String> after = Cursors.decode(page.cursor(), 3);
        Integer afterPosition;
        Instant afterCreated;
        UUID afterId;
        try {
            afterPosition = after == null ? null : Integer.valueOf(after.get(0));
            afterCreated = after == null ? null : Instant.parse(after.get(1));
            afterId = after == null ? null : UUID.fromString(after.get(2));
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor returned by a previous page");
        }
        List<ResourceCard> rows = c.tx.read(() -> cards().list(q, readersOnly(q.audience()), afterPosition, afterCreated,
                afterId, page.limit() + 1));
        if (rows.size() <= page.limit()) {
            return new Page<>(rows, null);
        }
        List<ResourceCard> items = rows.subList(0, page.limit());
        ResourceCard last = items.get(items.size() - 1);
        return new Page<>(items, Cursors.encode(last.position(), last.createdAt(), last.id()));
    }

    @Override
    public Page<SearchHit> search(String text, Audience audience, PageRequest page) {
        Objects.requireNonNull(page, "null page");
        new Validation().text("text", text, 1, 200).throwIfInvalid();
        List<String> after = Cursors.decode(page.cursor(), 2);
        Float afterRank;
        UUID afterId;
        try {
            afterRank = after == null ? null : Float.valueOf(after.get(0));
            afterId = after == null ? null : UUID.fromString(after.get(1));
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor returned by a previous page");
        }
        boolean readers = readersOnly(audience);
        List<RankedId> ranked = new ArrayList<>();
        // Two statements, each with its own snapshot (as in a READ COMMITTED transaction): the cards are
        // fetched visible-only, so one unpublished or removed in between is left out, never shown.
        List<SearchHit> hits = c.tx.read(() -> {
            ranked.addAll(cards().search(text, readers, afterRank, afterId, page.limit() + 1));
            if (ranked.isEmpty()) {
                return List.<SearchHit>of();
            }
            Map<UUID, ResourceCard> byId = new HashMap<>();
            cards().findAll(ranked.stream().map(RankedId::id).toList(), readers).forEach(card -> byId.put(card.id(), card));
            List<SearchHit> out = new ArrayList<>();
            for (RankedId r : ranked.subList(0, Math.min(ranked.size(), page.limit()))) {
                ResourceCard card = byId.get(r.id());
                if (card != null) {
                    out.add(new SearchHit(card, r.rank()));
                }
            }
            return out;
        });
        if (ranked.size() <= page.limit()) {
            return new Page<>(hits, null);
        }
        RankedId last = ranked.get(page.limit() - 1);
        return new Page<>(hits, Cursors.encode(Float.toString(last.rank()), last.id()));
    }

    // ------------------------------------------------------------------------------------- steps

    @Override
    public List<ResourceStep> steps(UUID cardId, Audience audience) {
        Objects.requireNonNull(cardId, "null cardId");
        return c.tx.read(() -> stepMapper().visibleSteps(cardId, readersOnly(audience)));
    }

    @Override
    public ResourceStep addStep(UUID cardId, Integer position, StepInput input, CallContext context) {
        Objects.requireNonNull(cardId, "null cardId");
        StepInput in = normalise(input);
        Validation v = validate(in);
        if (position != null && position < 0) {
            v.fail("position", "must be zero or more");
        }
        v.throwIfInvalid();
        return c.tx.callRetrying(() -> {
            requireLocked(cardId);
            StepMapper m = stepMapper();
            int n = m.count(cardId);
            if (n >= c.options.maxStepsPerCard()) {
                throw new ValidationException("cardId", "already has the most steps a card may have ("
                        + c.options.maxStepsPerCard() + ")");
            }
            int at = position == null ? n : position;
            if (at > n) {
                throw new ValidationException("position", "must be at most " + n + " (the number of steps)");
            }
            m.shift(cardId, at, 1);
            ResourceStep step = m.insert(cardId, at, in);
            c.audit("resource_step.added", "resource_step", step.id(), null, stepFields(step),
                    Map.of("cardId", cardId.toString()), context);
            return step;
        });
    }

    @Override
    public ResourceStep updateStep(UUID stepId, StepInput input, CallContext context) {
        Objects.requireNonNull(stepId, "null stepId");
        StepInput in = normalise(input);
        validate(in).throwIfInvalid();
        return c.tx.callRetrying(() -> {
            ResourceStep before = requireStepLocked(stepId);
            ResourceStep after = stepMapper().update(stepId, in);
            Map<String, Object> b = stepFields(before);
            Map<String, Object> a = stepFields(after);
            changedOnly(b, a);
            c.audit("resource_step.updated", "resource_step", stepId, b, a,
                    Map.of("cardId", after.cardId().toString()), context);
            return after;
        });
    }

    @Override
    public void removeStep(UUID stepId, CallContext context) {
        Objects.requireNonNull(stepId, "null stepId");
        c.tx.runRetrying(() -> {
            ResourceStep step = requireStepLocked(stepId);
            StepMapper m = stepMapper();
            m.delete(stepId);
            m.shift(step.cardId(), step.position() + 1, -1);
            c.audit("resource_step.removed", "resource_step", stepId, stepFields(step), null,
                    Map.of("cardId", step.cardId().toString()), context);
        });
    }

    @Override
    public List<ResourceStep> moveStep(UUID stepId, int position, CallContext context) {
        Objects.requireNonNull(stepId, "null stepId");
        if (position < 0) {
            throw new ValidationException("position", "must be zero or more");
        }
        return c.tx.callRetrying(() -> {
            ResourceStep step = requireStepLocked(stepId);
            StepMapper m = stepMapper();
            List<ResourceStep> steps = new ArrayList<>(m.steps(step.cardId()));
            if (position > steps.size() - 1) {
                throw new ValidationException("position", "must be at most " + (steps.size() - 1) + " (the last step)");
            }
            steps.removeIf(s -> s.id().equals(stepId));
            steps.add(position, step);
            List<ResourceStep> result = place(m, step.cardId(), steps.stream().map(ResourceStep::id).toList(), steps);
            c.audit("resource_step.moved", "resource_step", stepId, Map.of("position", step.position()),
                    Map.of("position", position), Map.of("cardId", step.cardId().toString()), context);
            return result;
        });
    }

    @Override
    public List<ResourceStep> reorderSteps(UUID cardId, List<UUID> orderedStepIds, CallContext context) {
        Objects.requireNonNull(cardId, "null cardId");
        if (orderedStepIds == null) {
            throw new ValidationException("orderedStepIds", "is required");
        }
        return c.tx.callRetrying(() -> {
            requireLocked(cardId);
            StepMapper m = stepMapper();
            List<ResourceStep> steps = m.steps(cardId);
            Set<UUID> current = new HashSet<>();
            steps.forEach(s -> current.add(s.id()));
            Set<UUID> asked = new LinkedHashSet<>(orderedStepIds);
            if (asked.size() != orderedStepIds.size() || !asked.equals(current)) {
                throw new ValidationException("orderedStepIds", "must name each of the card's " + current.size()
                        + " steps exactly once");
            }
            List<ResourceStep> result = place(m, cardId, orderedStepIds, steps);
            c.audit("resource_card.steps_reordered", "resource_card", cardId,
                    Map.of("order", steps.stream().map(s -> s.id().toString()).toList()),
                    Map.of("order", orderedStepIds.stream().map(UUID::toString).toList()), null, context);
            return result;
        });
    }

    /** Writes the changed positions in one statement and returns the card's steps in their new order. */
    private static List<ResourceStep> place(StepMapper m, UUID cardId, List<UUID> order, List<ResourceStep> current) {
        Map<UUID, Integer> was = new HashMap<>();
        current.forEach(s -> was.put(s.id(), s.position()));
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (was.get(order.get(i)) != i) {
                placements.add(new Placement(order.get(i), i));
            }
        }
        if (!placements.isEmpty()) {
            m.placeAll(placements);
        }
        return m.steps(cardId);
    }

    // ------------------------------------------------------------------------------------- helpers

    private ResourceCard requireLocked(UUID id) {
        ResourceCard card = cards().lock(id);
        if (card == null) {
            throw new NotFoundException(CARD, id);
        }
        return card;
    }

    /**
     * The step, re-read after locking its card: step changes of one card run one at a time. A step of a
     * deleted card is not found either, as {@code steps} shows none.
     */
    private ResourceStep requireStepLocked(UUID stepId) {
        ResourceStep seen = stepMapper().find(stepId);
        if (seen != null && cards().lock(seen.cardId()) != null) {
            ResourceStep step = stepMapper().find(stepId);
            if (step != null) {
                return step;
            }
        }
        throw new NotFoundException("Resource step", stepId);
    }

    private static boolean readersOnly(Audience audience) {
        return audience != Audience.EDITOR;
    }

    private static CardInput normalise(CardInput in) {
        Objects.requireNonNull(in, "null input");
        List<String> tags = new ArrayList<>();
        for (String t : in.tags()) {
            String k = t == null ? "" : Checks.key(t);
            if (k == null) {
                k = "";
            }
            if (!tags.contains(k)) {
                tags.add(k);
            }
        }
        return new CardInput(in.slug(), in.title(), blankToNull(in.summary()), in.body() == null ? "" : in.body(),
                Checks.key(in.category()), tags, blankToNull(in.coverImageUrl()), in.position(), in.metadata());
    }

    private Validation validate(CardInput in) {
        Validation v = new Validation()
                .text("title", in.title(), 1, 200)
                .optionalText("summary", in.summary(), 1000)
                .optionalText("body", in.body(), 100_000)
                .check("position", in.position() >= 0, "must be zero or more");
        Checks.optionalKey(v, "category", in.category(), KEY_MAX);
        if (in.tags().size() > MAX_TAGS) {
            v.fail("tags", "must be at most " + MAX_TAGS);
        } else {
            for (String tag : in.tags()) {
                if (tag.isEmpty() || tag.length() > KEY_MAX || !Checks.KEY.matcher(tag).matches()) {
                    v.fail("tags", "each tag may hold lowercase letters, digits, and - or _ between them (at most "
                            + KEY_MAX + ")");
                    break;
                }
            }
        }
        Checks.url(v, "coverImageUrl", in.coverImageUrl());
        v.json("metadata", in.metadata());
        return v;
    }

    private static StepInput normalise(StepInput in) {
        Objects.requireNonNull(in, "null input");
        return new StepInput(in.title(), in.body() == null ? "" : in.body(), in.estimatedMinutes(),
                blankToNull(in.mediaUrl()));
    }

    private static Validation validate(StepInput in) {
        Validation v = new Validation()
                .text("title", in.title(), 1, 200)
                .optionalText("body", in.body(), 20_000)
                .check("estimatedMinutes", in.estimatedMinutes() == null
                        || (in.estimatedMinutes() >= 0 && in.estimatedMinutes() <= 10_000), "must be 0 to 10000");
        return Checks.url(v, "mediaUrl", in.mediaUrl());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Map<String, Object> fields(ResourceCard card) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slug", card.slug());
        m.put("title", card.title());
        m.put("summary", card.summary());
        m.put("category", card.category());
        m.put("tags", card.tags());
        m.put("coverImageUrl", card.coverImageUrl());
        m.put("position", card.position());
        m.put("status", card.status().name());
        m.put("bodyLength", card.body().length());
        return m;
    }

    private static Map<String, Object> stepFields(ResourceStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", s.title());
        m.put("position", s.position());
        m.put("estimatedMinutes", s.estimatedMinutes());
        m.put("mediaUrl", s.mediaUrl());
        m.put("bodyLength", s.body().length());
        return m;
    }

    /** Keeps only the keys whose values differ, so the audit row shows the change. */
    private static void changedOnly(Map<String, Object> before, Map<String, Object> after) {
        for (String k : new ArrayList<>(before.keySet())) {
            if (Objects.equals(before.get(k), after.get(k))) {
                before.remove(k);
                after.remove(k);
            }
        }
    }
}
