package dev.portalkit.demo;

import dev.portalkit.core.AuditEvent;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Transactions;
import java.util.List;
import java.util.UUID;

/** A module of the test suite, shaped like a real one. */
public final class DemoModule implements PortalModule {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String migrationLocation() {
        return "classpath:dev/portalkit/demo/db/migration";
    }

    @Override
    public List<Class<?>> mappers() {
        return List.of(DemoMapper.class);
    }

    @Override
    public void start(ModuleContext context) {
        Transactions tx = context.transactions();
        context.onConstraint("demo_items_code_key", v -> new ConflictException(CoreError.CONFLICT, "That code is taken"));
        context.provide(DemoService.class, new DemoService() {
            @Override
            public DemoItem create(String code, int quantity, CallContext ctx) {
                return tx.call(() -> {
                    DemoItem item = tx.mapper(DemoMapper.class).insert(code, quantity);
                    context.audit().record(AuditEvent.of("demo_item.created", "demo_item", item.id()), ctx);
                    return item;
                });
            }

            @Override
            public DemoItem createColored(String code, DemoItem.Color color, List<String> tags) {
                return tx.call(() -> tx.mapper(DemoMapper.class).insertColored(code, color, tags));
            }

            @Override
            public List<DemoItem> byColor(DemoItem.Color color) {
                return tx.call(() -> tx.mapper(DemoMapper.class).byColor(color));
            }

            @Override
            public void provoke(String kind) {
                tx.run(() -> {
                    DemoMapper m = tx.mapper(DemoMapper.class);
                    switch (kind) {
                        case "check" -> m.insertRaw("neg", -1);
                        case "too-long" -> m.insertRaw("x".repeat(30), 1);
                        case "not-null" -> m.insertRaw(null, 1);
                        case "bad-number" -> m.insertRaw("n", "twelve");
                        case "slow" -> m.sleep(5);
                        default -> throw new IllegalArgumentException(kind);
                    }
                });
            }

            @Override
            public int failThenSucceed(String state, int failures) {
                int[] attempts = {0};
                tx.callRetrying(() -> {
                    attempts[0]++;
                    if (attempts[0] <= failures) {
                        tx.mapper(DemoMapper.class).fail(state);
                    }
                    return attempts[0];
                });
                return attempts[0];
            }

            @Override
            public DemoItem createInOneStatement(String code, int quantity, CallContext ctx) {
                return tx.call(() -> {
                    UUID id = UUID.randomUUID();
                    context.audit().record(AuditEvent.of("demo_item.checked", "demo_item", id), ctx);
                    return tx.mapper(DemoMapper.class).insertAudited(id, code, quantity,
                            context.audit().lastStatement(AuditEvent.of("demo_item.created", "demo_item", id), ctx));
                });
            }

            @Override
            public DemoItem adjust(String code, int delta, CallContext ctx) {
                return tx.call(() -> tx.mapper(DemoMapper.class).adjustAudited(code, delta,
                        context.audit().lastStatement(new AuditEvent("demo_item.adjusted", "demo_item", null,
                                null, null, java.util.Map.of("code", code, "delta", delta)), ctx)));
            }

            @Override
            public void addPerson(UUID id, String email, String role) {
                tx.run(() -> tx.mapper(DemoMapper.class).addPerson(id, email, role));
            }
        });
    }
}
