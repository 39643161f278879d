package dev.portalkit.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which class's state {@link PortalExtension#portal()} answers with, per thread. JUnit runs a
 * class's callbacks and each test on some thread of its pool, and a thread waiting for its children
 * may run another class's tests meanwhile; so every callback pushes the state it works for and pops
 * it when done, and a stack (a linked list of frames) brings back the outer one. Threads a test
 * starts inherit its frame. Only a pointer per thread: the state itself lives in JUnit's store.
 */
final class Current {

    static final String NONE = "No PortalKit test class is running: register PortalExtension on a static field with"
            + " @RegisterExtension (a field of an abstract base class works too)";

    /** One frame of the stack; {@code thread} is where it was pushed (other threads inherited it). */
    private record Frame(ClassState state, Thread thread, Frame below) {
    }

    private final InheritableThreadLocal<Frame> top = new InheritableThreadLocal<>();
    /** The states open right now, to answer threads JUnit did not start (a pool made earlier) when only one is. */
    private final Set<ClassState> open = ConcurrentHashMap.newKeySet();

    void push(ClassState state) {
        open.add(state);
        top.set(new Frame(state, Thread.currentThread(), top.get()));
    }

    /** Removes the topmost frame of {@code state} (normally the top one). */
    void pop(ClassState state) {
        top.set(without(top.get(), state));
        if (state.closed()) {
            open.remove(state);
        }
    }

    private static Frame without(Frame f, ClassState state) {
        if (f == null) {
            return null;
        }
        if (f.state() == state) {
            return f.below();
        }
        Frame below = without(f.below(), state);
        return below == f.below() ? f : new Frame(f.state(), f.thread(), below);
    }

    /**
     * The state for this thread: the frame JUnit pushed on it; else, when only one class is open, that
     * one; else the frame inherited from the thread that started this one.
     */
    ClassState get(String what) {
        open.removeIf(ClassState::closed);
        Frame inherited = null;
        for (Frame f = top.get(); f != null; f = f.below()) {
            if (f.state().closed()) {
                continue;
            }
            if (f.thread() == Thread.currentThread()) {
                return f.state();
            }
            if (inherited == null) {
                inherited = f;
            }
        }
        if (open.size() == 1) {
            for (ClassState only : open) {
                return only;
            }
        }
        if (inherited != null) {
            return inherited.state();
        }
        throw new IllegalStateException(open.isEmpty() ? NONE + " (asked for the " + what + ")"
                : "No " + what + " for thread " + Thread.currentThread().getName() + ": " + open.size()
                        + " test classes run in parallel and this thread was started by none of their tests."
                        + " Pass the Portal or the database to it, or start it from the test.");
    }
}
