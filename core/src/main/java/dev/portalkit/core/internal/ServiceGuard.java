package dev.portalkit.core.internal;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.Nullable;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.ValidationException.FieldError;
import dev.portalkit.core.spi.Validation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boundary every service call a host makes passes: the contracts of the README's "Errors" and
 * "Transactions" held in one place instead of in each of some hundred methods.
 * <ul>
 *   <li>A {@code null} argument is refused with a {@link ValidationException} naming the parameter,
 *       unless the interface marks it {@link Nullable}; a {@code CallContext} is always required.</li>
 *   <li>Every map reachable from the arguments (a map parameter, or a map inside an input record) is
 *       checked with the one JSON rule, {@link Validation#jsonProblem}, and named by its path.</li>
 *   <li>Any failure, whether raised before the call joined a transaction (validation) or inside it,
 *       marks an enclosing {@code inTransaction} rollback-only, so a host that catches it cannot
 *       commit half of its work.</li>
 *   <li>Nothing but a {@link PortalException} leaves: anything else (a bug, a host callback's
 *       exception) becomes {@link CoreError#INTERNAL_ERROR} with the original kept as the cause.</li>
 * </ul>
 */
final class ServiceGuard implements InvocationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceGuard.class);
    /** How deep input records nest inside each other before their maps are no longer looked for. */
    private static final int MAX_RECORD_DEPTH = 4;

    private final Class<?> type;
    private final Object target;
    private final TxManager tx;
    private final ExceptionTranslator translator;
    private final Metrics metrics;
    private final Map<Method, Plan> plans = new ConcurrentHashMap<>();

    private ServiceGuard(Class<?> type, Object target, TxManager tx, ExceptionTranslator translator, Metrics metrics) {
        this.type = type;
        this.target = target;
        this.tx = tx;
        this.translator = translator;
        this.metrics = metrics;
    }

    /** {@code implementation} behind a proxy of {@code type}, PortalKit's public service interface. */
    static <S> S wrap(Class<S> type, S implementation, TxManager tx, ExceptionTranslator translator, Metrics metrics) {
        if (!type.isInterface()) {
            return implementation; // only interfaces can be proxied; every PortalKit service is one
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new ServiceGuard(type, implementation, tx, translator, metrics));
        return type.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> type.getSimpleName() + "(" + target.getClass().getSimpleName() + ")";
            };
        }
        Plan plan = plans.computeIfAbsent(method, Plan::of);
        long start = metrics.enabled() ? System.nanoTime() : 0L;
        String error = null;
        // A mutating call acts for its CallContext: its commit is remembered for that caller's reads.
        String previousCaller = plan.callerArg < 0 || args[plan.callerArg] == null ? null
                : tx.bindCaller(TxManager.callerKey((dev.portalkit.core.CallContext) args[plan.callerArg]));
        boolean bound = plan.callerArg >= 0 && args[plan.callerArg] != null;
        try {
            plan.check(args);
            return plan.method.invoke(target, args);
        } catch (InvocationTargetException e) {
            PortalException failure = failed(method, e.getCause());
            error = failure.code().id();
            throw failure;
        } catch (RuntimeException | StackOverflowError e) {
            PortalException failure = failed(method, e);
            error = failure.code().id();
            throw failure;
        } finally {
            if (bound) {
                tx.restoreCaller(previousCaller);
            }
            if (start != 0L) {
                metrics.call(type, method, System.nanoTime() - start, error);
            }
        }
    }

    private PortalException failed(Method method, Throwable thrown) throws Throwable {
        if (thrown instanceof Error error && !(error instanceof StackOverflowError)) {
            throw error; // OutOfMemoryError and the like: nothing to translate
        }
        PortalException failure;
        if (thrown instanceof PortalException p) {
            failure = p;
        } else {
            RuntimeException translated = thrown instanceof RuntimeException r ? translator.translate(r) : null;
            if (translated instanceof PortalException p) {
                failure = p;
            } else {
                String where = type.getSimpleName() + "." + method.getName();
                // The class and where, never the message: it may echo input (a cursor, a token). The
                // host gets the whole exception as the cause.
                StackTraceElement[] trace = thrown.getStackTrace();
                LOG.warn("{} failed unexpectedly: {} at {}", where, thrown.getClass().getName(),
                        trace.length == 0 ? "?" : trace[0]);
                failure = new PortalException(CoreError.INTERNAL_ERROR, thrown, where, thrown.getClass().getSimpleName());
            }
        }
        tx.markRollbackOnly(failure);
        return failure;
    }

    /** What to check for one method, worked out once. */
    private record Plan(Method method, String[] names, boolean[] required, boolean[] inspect, int callerArg) {

        static Plan of(Method m) {
            Parameter[] ps = m.getParameters();
            String[] names = new String[ps.length];
            boolean[] required = new boolean[ps.length];
            boolean[] inspect = new boolean[ps.length];
            int callerArg = -1;
            for (int i = 0; i < ps.length; i++) {
                if (ps[i].getType() == dev.portalkit.core.CallContext.class) {
                    callerArg = i;
                }
                names[i] = ps[i].isNamePresent() ? ps[i].getName() : "argument " + (i + 1);
                required[i] = !ps[i].isAnnotationPresent(Nullable.class) && !ps[i].getType().isPrimitive();
                inspect[i] = mayHoldJson(ps[i].getType(), ps[i].getParameterizedType());
            }
            return new Plan(m, names, required, inspect, callerArg);
        }

        void check(Object[] args) {
            if (args == null) {
                return;
            }
            List<FieldError> errors = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    if (required[i]) {
                        errors = add(errors, names[i], "is required");
                    }
                } else if (inspect[i]) {
                    errors = inspect(args[i], names[i], true, 0, errors);
                }
            }
            if (errors != null) {
                throw new ValidationException(errors);
            }
        }

        /**
         * JSON checks on every JSON map in {@code value} (one declared with text keys, or any map where
         * the declared type is {@code Object}); a record's components are named by their own names.
         */
        private static List<FieldError> inspect(Object value, String path, boolean top, int depth, List<FieldError> errors) {
            if (value instanceof Map<?, ?> map) {
                String problem = Validation.jsonProblem(map);
                return problem == null ? errors : add(errors, path, problem);
            }
            if (depth > MAX_RECORD_DEPTH) {
                return errors;
            }
            if (value instanceof Record record) {
                for (Component c : Component.of(record.getClass())) {
                    Object v = c.get(record);
                    if (v != null) {
                        errors = inspect(v, top ? c.name : path + "." + c.name, false, depth + 1, errors);
                    }
                }
            } else if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    if (item instanceof Record || item instanceof Map<?, ?>) {
                        errors = inspect(item, path + "[" + i + "]", false, depth + 1, errors);
                    }
                    i++;
                }
            }
            return errors;
        }

        private static List<FieldError> add(List<FieldError> errors, String field, String message) {
            List<FieldError> list = errors == null ? new ArrayList<>() : errors;
            list.add(new FieldError(field, message));
            return list;
        }
    }

    /**
     * Whether a value declared so may be or contain a JSON map: a {@code Map<String, ...>} (a map with
     * other keys, such as a week's hours by {@code DayOfWeek}, is a value of its own), an
     * {@code Object}, or a record or collection that may hold one.
     */
    private static boolean mayHoldJson(Class<?> t, Type declared) {
        if (Map.class.isAssignableFrom(t)) {
            return !(declared instanceof ParameterizedType p) || p.getActualTypeArguments()[0] == String.class;
        }
        return !t.isPrimitive() && !t.isEnum() && !t.getName().startsWith("java.time.")
                && t != String.class && t != java.util.UUID.class && !Number.class.isAssignableFrom(t) && t != Boolean.class;
    }

    /** A record component that may hold a map, read through a method handle (no reflection per call). */
    private record Component(String name, MethodHandle accessor) {

        private static final ClassValue<List<Component>> BY_TYPE = new ClassValue<>() {
            @Override
            protected List<Component> computeValue(Class<?> type) {
                List<Component> list = new ArrayList<>();
                for (RecordComponent rc : type.getRecordComponents()) {
                    if (!mayHoldJson(rc.getType(), rc.getGenericType())) {
                        continue;
                    }
                    try {
                        rc.getAccessor().setAccessible(true);
                        list.add(new Component(rc.getName(), MethodHandles.lookup().unreflect(rc.getAccessor())));
                    } catch (IllegalAccessException | RuntimeException e) {
                        LOG.debug("Record component {}.{} is not readable: {}", type.getName(), rc.getName(), e.toString());
                    }
                }
                return List.copyOf(list);
            }
        };

        static List<Component> of(Class<?> type) {
            return BY_TYPE.get(type);
        }

        Object get(Record record) {
            try {
                return accessor.invoke(record);
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
