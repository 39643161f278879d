package dev.portalkit.core.internal;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.NavItem;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavNode;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Validation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Not API: create through the Portal. */
public final class DefaultNavigationService implements NavigationService {

    private static final Pattern ROLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,49}");

    private final CoreContext core;
    private final String lockKey;

    DefaultNavigationService(CoreContext core) {
        this.core = core;
        this.lockKey = core.schema + ".nav_items";
    }

    @Override
    public NavItem create(UUID parentId, Integer position, NavItemInput input, CallContext context) {
        validate(input);
        if (position != null && position < 0) {
            throw new ValidationException("position", "must be zero or more");
        }
        return core.tx.callRetrying(() -> {
            NavItemMapper m = lockedMapper();
            if (parentId != null && m.find(parentId) == null) {
                throw new NotFoundException("Navigation item", parentId);
            }
            int siblings = m.countChildren(parentId);
            int at = position == null ? siblings : position;
            if (at > siblings) {
                throw new ValidationException("position", "must be at most " + siblings + " (the number of siblings)");
            }
            m.shift(parentId, at, 1);
            NavItem created = m.insert(parentId, at, input);
            core.audit("nav_item.created", "nav_item", created.id(), null, fields(created), null, context);
            return created;
        });
    }

    @Override
    public NavItem update(UUID id, NavItemInput input, CallContext context) {
        Objects.requireNonNull(id, "null id");
        validate(input);
        return core.tx.callRetrying(() -> {
            NavItemMapper m = lockedMapper();
            NavItem before = require(m, id);
            NavItem after = m.update(id, input);
            core.audit("nav_item.updated", "nav_item", id, fields(before), fields(after), null, context);
            return after;
        });
    }

    @Override
    public NavItem move(UUID id, UUID newParentId, int position, CallContext context) {
        Objects.requireNonNull(id, "null id");
        if (position < 0) {
            throw new ValidationException("position", "must be zero or more");
        }
        if (id.equals(newParentId)) {
            throw cycle();
        }
        return core.tx.callRetrying(() -> {
            NavItemMapper m = lockedMapper();
            NavItem item = require(m, id);
            if (newParentId != null && m.find(newParentId) == null) {
                throw new NotFoundException("Navigation item", newParentId);
            }
            boolean sameParent = Objects.equals(item.parentId(), newParentId);
            int max = m.countChildren(newParentId) - (sameParent ? 1 : 0);
            if (position > max) {
                throw new ValidationException("position", "must be at most " + max + " (the number of siblings)");
            }
            // Renumber the old and the new sibling lists in Java, then write every changed place in
            // one statement: the deferrable unique constraint is checked once, at its end.
            List<NavItem> target = new ArrayList<>(m.children(newParentId));
            target.removeIf(c -> c.id().equals(id));
            target.add(position, item);
            List<NavPlacement> placements = new ArrayList<>();
            for (int i = 0; i < target.size(); i++) {
                NavItem c = target.get(i);
                if (c.position() != i || !Objects.equals(c.parentId(), newParentId)) {
                    placements.add(new NavPlacement(c.id(), newParentId, i));
                }
            }
            if (!sameParent) {
                List<NavItem> old = new ArrayList<>(m.children(item.parentId()));
                old.removeIf(c -> c.id().equals(id));
                for (int i = 0; i < old.size(); i++) {
                    if (old.get(i).position() != i) {
                        placements.add(new NavPlacement(old.get(i).id(), item.parentId(), i));
                    }
                }
            }
            if (!placements.isEmpty()) {
                m.placeAll(placements); // the trigger refuses a cycle: see CoreModule's translation
            }
            NavItem moved = m.find(id);
            core.audit("nav_item.moved", "nav_item", id,
                    place(item), place(moved), null, context);
            return moved;
        });
    }

    @Override
    public List<NavItem> reorder(UUID parentId, List<UUID> orderedIds, CallContext context) {
        Objects.requireNonNull(orderedIds, "null orderedIds");
        return core.tx.callRetrying(() -> {
            NavItemMapper m = lockedMapper();
            List<NavItem> children = m.children(parentId);
            Set<UUID> current = new HashSet<>();
            children.forEach(c -> current.add(c.id()));
            if (orderedIds.size() != current.size() || !current.equals(new HashSet<>(orderedIds))) {
                throw new ValidationException("orderedIds", "must name each of the " + current.size()
                        + " children exactly once");
            }
            if (children.isEmpty()) {
                return List.of(); // nothing to place (and an empty placement list is no SQL)
            }
            List<NavPlacement> placements = new ArrayList<>();
            for (int i = 0; i < orderedIds.size(); i++) {
                placements.add(new NavPlacement(orderedIds.get(i), parentId, i));
            }
            m.placeAll(placements);
            core.audit("nav_item.reordered", "nav_item", parentId,
                    Map.of("order", children.stream().map(c -> c.id().toString()).toList()),
                    Map.of("order", orderedIds.stream().map(UUID::toString).toList()), null, context);
            return m.children(parentId);
        });
    }

    @Override
    public int delete(UUID id, CallContext context) {
        Objects.requireNonNull(id, "null id");
        return core.tx.callRetrying(() -> {
            NavItemMapper m = lockedMapper();
            NavItem item = require(m, id);
            int count = m.countSubtree(id);
            m.delete(id);
            m.shift(item.parentId(), item.position() + 1, -1);
            core.audit("nav_item.deleted", "nav_item", id, fields(item), null,
                    Map.of("entriesDeleted", count), context);
            return count;
        });
    }

    @Override
    public Optional<NavItem> find(UUID id) {
        Objects.requireNonNull(id, "null id");
        return Optional.ofNullable(core.tx.read(() -> core.mapper(NavItemMapper.class).find(id)));
    }

    @Override
    public List<NavNode> tree(Collection<String> roles) {
        if (roles != null && roles.stream().anyMatch(Objects::isNull)) {
            throw new ValidationException("roles", "must not contain null");
        }
        Set<String> callerRoles = Set.copyOf(roles == null ? List.of() : roles);
        List<NavItem> items = core.tx.readReplica(() -> core.mapper(NavItemMapper.class).all(true));
        return build(items, item -> item.visibleTo(callerRoles), true);
    }

    @Override
    public List<NavNode> fullTree() {
        return build(core.tx.readReplica(() -> core.mapper(NavItemMapper.class).all(false)), item -> true, false);
    }

    private static List<NavNode> build(List<NavItem> items, java.util.function.Predicate<NavItem> visible, boolean prune) {
        Map<UUID, List<NavItem>> byParent = new HashMap<>();
        for (NavItem item : items) { // already in position order
            byParent.computeIfAbsent(item.parentId(), k -> new ArrayList<>()).add(item);
        }
        return nodes(null, byParent, visible, prune);
    }

    private static List<NavNode> nodes(UUID parent, Map<UUID, List<NavItem>> byParent,
                                       java.util.function.Predicate<NavItem> visible, boolean prune) {
        List<NavNode> out = new ArrayList<>();
        for (NavItem item : byParent.getOrDefault(parent, List.of())) {
            if (!visible.test(item)) {
                continue; // a hidden entry hides its whole subtree
            }
            boolean hadChildren = byParent.containsKey(item.id());
            List<NavNode> children = nodes(item.id(), byParent, visible, prune);
            if (prune && hadChildren && children.isEmpty() && item.url() == null) {
                continue; // a heading whose children are all hidden would lead nowhere
            }
            out.add(new NavNode(item, children));
        }
        return out;
    }

    private NavItemMapper lockedMapper() {
        NavItemMapper m = core.mapper(NavItemMapper.class);
        m.lockTree(lockKey);
        return m;
    }

    private static NavItem require(NavItemMapper m, UUID id) {
        NavItem item = m.find(id);
        if (item == null) {
            throw new NotFoundException("Navigation item", id);
        }
        return item;
    }

    static ValidationException cycle() {
        return new ValidationException("parentId", "would make the entry its own ancestor (a cycle)");
    }

    private static void validate(NavItemInput input) {
        Objects.requireNonNull(input, "null input");
        Validation v = new Validation()
                .text("label", input.label(), 1, 200)
                .optionalUrl("url", input.url(), 2000)
                .optionalText("icon", input.icon(), 100);
        for (String role : input.roles()) {
            if (role == null || !ROLE.matcher(role).matches()) {
                v.fail("roles", "role names are letters, digits and _ (at most 50), starting with a letter");
                break;
            }
        }
        v.throwIfInvalid();
    }

    private static Map<String, Object> fields(NavItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", i.label());
        m.put("url", i.url());
        m.put("icon", i.icon());
        m.put("roles", i.roles());
        m.put("active", i.active());
        m.putAll(place(i));
        return m;
    }

    private static Map<String, Object> place(NavItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parentId", i.parentId() == null ? null : i.parentId().toString());
        m.put("position", i.position());
        return m;
    }
}
