package dev.portalkit.content.internal;

import dev.portalkit.content.Audience;
import dev.portalkit.content.ResourceStep;
import dev.portalkit.content.StepInput;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Validation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The steps of resource cards: {@link dev.portalkit.content.ResourceService}'s step methods. Every
 * change locks the card's row first, so the step changes of one card run one after the other. Not API.
 */
final class ResourceSteps {

    private final ContentContext c;

    ResourceSteps(ContentContext c) {
        this.c = c;
    }

    private ResourceStepMapper steps() {
        return c.mapper(ResourceStepMapper.class);
    }

    List<ResourceStep> steps(UUID cardId, Audience audience) {
        return c.tx.readReplica(() -> steps().visibleSteps(cardId, CardInputs.readersOnly(audience), c.now()));
    }

    ResourceStep add(UUID cardId, Integer position, StepInput input, CallContext context) {
        StepInput in = normalise(input);
        Validation v = validate(in);
        if (position != null && position < 0) {
            v.fail("position", "must be zero or more");
        }
        v.throwIfInvalid();
        return c.tx.callRetrying(() -> {
            c.lockCard(cardId);
            ResourceStepMapper m = steps();
            int at = Positions.STEPS.makeRoom(m, cardId, position, c.options.maxStepsPerCard());
            ResourceStep step = m.insert(cardId, at, in);
            c.audit("resource_step.added", "resource_step", step.id(), null, fields(step),
                    Map.of("cardId", cardId.toString()), context);
            c.recordVersion(cardId, "resource_step.added", context);
            return step;
        });
    }

    ResourceStep update(UUID stepId, StepInput input, CallContext context) {
        StepInput in = normalise(input);
        validate(in).throwIfInvalid();
        return c.tx.callRetrying(() -> {
            ResourceStep before = requireLocked(stepId);
            ResourceStep after = steps().update(stepId, in);
            Map<String, Object> b = fields(before);
            Map<String, Object> a = fields(after);
            Checks.changedOnly(b, a);
            c.audit("resource_step.updated", "resource_step", stepId, b, a,
                    Map.of("cardId", after.cardId().toString()), context);
            c.recordVersion(after.cardId(), "resource_step.updated", context);
            return after;
        });
    }

    void remove(UUID stepId, CallContext context) {
        c.tx.runRetrying(() -> {
            ResourceStep step = requireLocked(stepId);
            Positions.remove(steps(), step.cardId(), stepId, step.position());
            c.audit("resource_step.removed", "resource_step", stepId, fields(step), null,
                    Map.of("cardId", step.cardId().toString()), context);
            c.recordVersion(step.cardId(), "resource_step.removed", context);
        });
    }

    List<ResourceStep> move(UUID stepId, int position, CallContext context) {
        if (position < 0) {
            throw new ValidationException("position", "must be zero or more");
        }
        return c.tx.callRetrying(() -> {
            ResourceStep step = requireLocked(stepId);
            ResourceStepMapper m = steps();
            Positions.STEPS.move(m, m.steps(step.cardId()), ResourceStep::id, ResourceStep::position, stepId, position);
            c.audit("resource_step.moved", "resource_step", stepId, Map.of("position", step.position()),
                    Map.of("position", position), Map.of("cardId", step.cardId().toString()), context);
            c.recordVersion(step.cardId(), "resource_step.moved", context);
            return m.steps(step.cardId());
        });
    }

    List<ResourceStep> reorder(UUID cardId, List<UUID> orderedStepIds, CallContext context) {
        return c.tx.callRetrying(() -> {
            c.lockCard(cardId);
            ResourceStepMapper m = steps();
            List<ResourceStep> all = m.steps(cardId);
            Set<UUID> current = new HashSet<>();
            all.forEach(s -> current.add(s.id()));
            Set<UUID> asked = new LinkedHashSet<>(orderedStepIds);
            if (asked.size() != orderedStepIds.size() || !asked.equals(current)) {
                throw new ValidationException("orderedStepIds", "must name each of the card's " + current.size()
                        + " steps exactly once");
            }
            Positions.place(m, orderedStepIds, all, ResourceStep::id, ResourceStep::position);
            c.audit("resource_card.steps_reordered", "resource_card", cardId,
                    Map.of("order", all.stream().map(s -> s.id().toString()).toList()),
                    Map.of("order", orderedStepIds.stream().map(UUID::toString).toList()), null, context);
            c.recordVersion(cardId, "resource_card.steps_reordered", context);
            return m.steps(cardId);
        });
    }

    /**
     * The step, re-read after locking its card: step changes of one card run one at a time. A step of a
     * deleted card is not found either, as {@link #steps} shows none.
     */
    private ResourceStep requireLocked(UUID stepId) {
        ResourceStep step = Positions.relocked(() -> steps().find(stepId), seen -> c.cards().lock(seen.cardId()) != null);
        if (step == null) {
            throw new NotFoundException("Resource step", stepId);
        }
        return step;
    }

    private static StepInput normalise(StepInput in) {
        return new StepInput(in.title(), in.body() == null ? "" : in.body(), in.estimatedMinutes(),
                Checks.blankToNull(in.mediaUrl()));
    }

    private static Validation validate(StepInput in) {
        Validation v = new Validation()
                .text("title", in.title(), 1, 200)
                .optionalText("body", in.body(), 20_000)
                .check("estimatedMinutes", in.estimatedMinutes() == null
                        || (in.estimatedMinutes() >= 0 && in.estimatedMinutes() <= 10_000), "must be 0 to 10000");
        return Checks.url(v, "mediaUrl", in.mediaUrl());
    }

    /** What the audit trail keeps of a step (the body's length, not the body). */
    private static Map<String, Object> fields(ResourceStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", s.title());
        m.put("position", s.position());
        m.put("estimatedMinutes", s.estimatedMinutes());
        m.put("mediaUrl", s.mediaUrl());
        m.put("bodyLength", s.body().length());
        return m;
    }
}
