package dev.portalkit.core;

import java.util.List;

/** An entry of the navigation tree with its visible children, in position order. */
public record NavNode(NavItem item, List<NavNode> children) {

    public NavNode {
        children = List.copyOf(children);
    }
}
