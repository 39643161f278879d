package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingInterval;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.TierInput;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.spi.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultPricingService implements PricingService {

    private final BillingContext billing;

    DefaultPricingService(BillingContext billing) {
        this.billing = billing;
    }

    static void validate(TierInput t) {
        Validation v = new Validation()
                .text("code", t.code(), 1, 64, Inputs.CODE, "must be lowercase letters and digits, separated by . _ or -")
                .text("name", t.name(), 1, 200)
                .optionalText("description", t.description(), 2000)
                .check("amountMinor", t.amountMinor() >= 0, "must be zero or more")
                .notNull("billingInterval", t.billingInterval())
                .check("intervalCount", t.intervalCount() >= 1 && t.intervalCount() <= 36, "must be between 1 and 36")
                .check("trialDays", t.trialDays() >= 0 && t.trialDays() <= 365, "must be between 0 and 365")
                .json("features", t.features())
                .json("metadata", t.metadata());
        Inputs.currency(v, "currency", t.currency());
        if (t.billingInterval() == BillingInterval.ONE_TIME) {
            v.check("intervalCount", t.intervalCount() == 1, "must be 1 for a ONE_TIME tier");
            v.check("trialDays", t.trialDays() == 0, "must be 0 for a ONE_TIME tier");
        }
        v.throwIfInvalid();
    }

    @Override
    public PricingTier create(TierInput input, CallContext context) {
        validate(input);
        return billing.tx.call(() -> {
            PricingTier t = billing.tiers().insert(input); // pricing_tiers_code_live_key: TierCodeTakenException
            billing.audit("pricing_tier.created", "pricing_tier", t.id(), null, snapshot(t), null, context);
            return t;
        });
    }

    @Override
    public PricingTier update(UUID id, TierInput input, long expectedVersion, CallContext context) {
        validate(input);
        return billing.tx.call(() -> {
            PricingTier before = require(id);
            PricingTier after = billing.tiers().update(id, input, expectedVersion);
            if (after == null) {
                throw new StaleVersionException("PricingTier", id, expectedVersion, before.version());
            }
            billing.audit("pricing_tier.updated", "pricing_tier", id, snapshot(before), snapshot(after), null, context);
            return after;
        });
    }

    @Override
    public PricingTier archive(UUID id, CallContext context) {
        return setArchived(id, true, context);
    }

    @Override
    public PricingTier unarchive(UUID id, CallContext context) {
        return setArchived(id, false, context);
    }

    private PricingTier setArchived(UUID id, boolean archived, CallContext context) {
        return billing.tx.call(() -> {
            require(id);
            PricingTier t = billing.tiers().setArchived(id, archived ? billing.now() : null);
            billing.audit(archived ? "pricing_tier.archived" : "pricing_tier.unarchived", "pricing_tier", id, null, null,
                    null, context);
            return t;
        });
    }

    @Override
    public void delete(UUID id, CallContext context) {
        billing.tx.run(() -> {
            if (billing.tiers().softDelete(id, billing.now()) == null) {
                throw new NotFoundException("PricingTier", id);
            }
            billing.audit("pricing_tier.deleted", "pricing_tier", id, null, null, null, context);
        });
    }

    @Override
    public PricingTier restore(UUID id, CallContext context) {
        return billing.tx.call(() -> {
            PricingTier t = billing.tiers().restore(id); // pricing_tiers_code_live_key if the code was taken meanwhile
            if (t == null) {
                throw new NotFoundException("Deleted pricing tier", id);
            }
            billing.audit("pricing_tier.restored", "pricing_tier", id, null, null, null, context);
            return t;
        });
    }

    @Override
    public Optional<PricingTier> find(UUID id) {
        return Optional.ofNullable(billing.tx.readReplica(() -> billing.tiers().find(id)));
    }

    @Override
    public Optional<PricingTier> findByCode(String code) {
        if (code == null || code.length() > 64 || !Inputs.CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(billing.tx.readReplica(() -> billing.tiers().findByCode(code)));
    }

    @Override
    public List<PricingTier> list(boolean includeArchived) {
        return billing.tx.readReplica(() -> billing.tiers().list(includeArchived));
    }

    private PricingTier require(UUID id) {
        PricingTier t = billing.tiers().find(id);
        if (t == null) {
            throw new NotFoundException("PricingTier", id);
        }
        return t;
    }

    private static Map<String, Object> snapshot(PricingTier t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", t.code());
        m.put("name", t.name());
        m.put("amountMinor", t.amountMinor());
        m.put("currency", t.currency());
        m.put("billingInterval", t.billingInterval().name());
        m.put("intervalCount", t.intervalCount());
        m.put("trialDays", t.trialDays());
        return m;
    }
}
