package dev.portalkit.content.internal;

import dev.portalkit.content.ContentOptions;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.ModuleSupport;
import java.util.UUID;

/**
 * What the content services share: core's {@link ModuleSupport}, the module's options and the card
 * lock that card and step changes take. Not API.
 *
 * <p>Every changing call is {@code tx.callRetrying} (a transaction of its own, run again from the
 * start after a lost serialization race or a deadlock, joining a host's transaction instead when one
 * is open): every content call only touches the database, so it is safe to repeat. Every read is
 * {@code tx.read}: one statement in autocommit, one round trip, nothing audited inside.
 */
final class ContentContext extends ModuleSupport<ContentOptions> {

    ContentContext(ModuleContext context, ContentOptions options) {
        super(context, options);
    }

    ResourceCardMapper cards() {
        return mapper(ResourceCardMapper.class);
    }

    /**
     * Records the card's state after a change as its next version ({@code change} is the change's audit
     * action). Call it last in the change's transaction, holding the card's row lock.
     */
    void recordVersion(UUID cardId, String change, CallContext context) {
        mapper(ResourceCardVersionMapper.class).record(cardId, context.actorId(), change, now());
    }

    /**
     * The live card, row-locked ({@code FOR NO KEY UPDATE}): the changes of one card, and of its steps,
     * run one after the other.
     *
     * @throws NotFoundException when there is no live card with that id
     */
    ResourceCard lockCard(UUID id) {
        ResourceCard card = cards().lock(id);
        if (card == null) {
            throw new NotFoundException("Resource card", id);
        }
        return card;
    }
}
