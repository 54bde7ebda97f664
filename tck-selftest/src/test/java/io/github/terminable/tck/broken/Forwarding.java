package io.github.terminable.tck.broken;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one forwarding mechanism of the broken implementations: a wrapper of a reference object of
 * an API interface {@code T}, whose handle {@link #self()} behaves as the reference object except
 * for the methods the wrapper's class overrides.
 *
 * <p>The contract of the handle:
 * <ul>
 *   <li><b>Overrides.</b> A call of a method of {@code T} (or of its super-interfaces) runs, on this
 *   object, the public method of this object's class with the same name and parameter types, if
 *   there is one (declared by the class or inherited from a superclass below this one). Such a
 *   method is written as an override would be, only without {@code @Override}, since this class does
 *   not implement {@code T}. Every public method of the class must be such an override, returning
 *   what the method of {@code T} returns and declaring only checked exceptions it declares: the
 *   constructor rejects any other, so a misspelt override fails at once instead of silently
 *   forwarding. Helpers of a
 *   wrapper are therefore never public.</li>
 *   <li><b>Forwarding.</b> Every other method of {@code T}, default methods included, is called on
 *   {@link #delegate} (so its own implementation runs, whether or not it overrides the default).
 *   When that returns the delegate itself (a builder's fluent setters), the handle returns
 *   itself instead, so that a chain of calls never leaves the wrapper.</li>
 *   <li><b>Exceptions.</b> What an override or the delegate throws reaches the caller as it was
 *   thrown, checked exceptions included; no reflective wrapper is left around it.</li>
 *   <li><b>Identity.</b> {@code equals} and {@code hashCode} of the handle are those of its identity,
 *   as for an object that does not override them; {@code toString} names the delegate. One wrapper
 *   has exactly one handle, made in the constructor, and {@link #behind} finds the wrapper again
 *   from it.</li>
 *   <li><b>Thread-safety.</b> The handle adds no state and no locking of its own: it is as
 *   thread-safe as the delegate and the overrides are. The lookup of overrides is computed once per
 *   class and may be shared by any threads.</li>
 * </ul>
 *
 * <p>Inside an override, {@link #delegate} is the reference object ({@code super.m()} of a
 * hand-written forwarding class) and {@link #self()} the handle callers see ({@code this} of one).
 *
 * @param <T> the API interface forwarded
 */
abstract class Forwarding<T> {

    /** Per wrapper class and interface: the overrides, by the signature of the method they replace. */
    private static final Map<List<Class<?>>, Map<Signature, Method>> OVERRIDES = new ConcurrentHashMap<>();

    /** The reference object forwarded to. */
    protected final T delegate;
    private final T self;

    /**
     * @param type     the API interface forwarded ({@code Future.class} for a {@code Future<V>})
     * @param delegate the reference object forwarded to
     * @throws IllegalStateException if a public method of this object's class is not an override of
     *                               a method of {@code type}
     */
    @SuppressWarnings("unchecked") // the handle implements type, a raw form of T at most
    protected Forwarding(Class<? super T> type, T delegate) {
        this.delegate = delegate;
        Class<?> wrapper = getClass();
        Map<Signature, Method> overrides = OVERRIDES.computeIfAbsent(List.of(wrapper, type), k -> overridesOf(wrapper, type));
        this.self = (T) Proxy.newProxyInstance(Forwarding.class.getClassLoader(), new Class<?>[] {type},
                new Handler(this, overrides));
    }

    /**
     * Returns the handle: the object of the API that callers see in place of the delegate.
     *
     * @return the handle, always the same one
     */
    final T self() {
        return self;
    }

    /**
     * Returns the wrapper whose handle {@code handle} is.
     *
     * @param handle any object
     * @return its wrapper, or null if it is not the handle of one
     */
    static Forwarding<?> behind(Object handle) {
        if (handle != null && Proxy.isProxyClass(handle.getClass())
                && Proxy.getInvocationHandler(handle) instanceof Handler h) {
            return h.wrapper;
        }
        return null;
    }

    /** The name and parameter types of a method: what an override has in common with the method it replaces. */
    private record Signature(String name, List<Class<?>> parameters) {
        static Signature of(Method m) {
            return new Signature(m.getName(), List.of(m.getParameterTypes()));
        }
    }

    /** Dispatches each call of a handle to an override of its wrapper or to the wrapper's delegate. */
    private static final class Handler implements InvocationHandler {

        private final Forwarding<?> wrapper;
        private final Map<Signature, Method> overrides;

        Handler(Forwarding<?> wrapper, Map<Signature, Method> overrides) {
            this.wrapper = wrapper;
            this.overrides = overrides;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "forwarding " + wrapper.delegate;
                }
            }
            Method override = overrides.get(Signature.of(method));
            try {
                if (override != null) {
                    return override.invoke(wrapper, args);
                }
                Object result = method.invoke(wrapper.delegate, args);
                return result == wrapper.delegate ? proxy : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static Map<Signature, Method> overridesOf(Class<?> wrapper, Class<?> type) {
        Map<Signature, Method> overrides = new HashMap<>();
        for (Method candidate : wrapper.getMethods()) {
            Class<?> declarer = candidate.getDeclaringClass();
            if (declarer == Object.class || declarer == Forwarding.class || Modifier.isStatic(candidate.getModifiers())
                    || candidate.isBridge() || candidate.isSynthetic()) {
                continue;
            }
            Method overridden = interfaceMethod(type, candidate);
            if (overridden == null) {
                throw new IllegalStateException(wrapper.getName() + "." + candidate.getName()
                        + Arrays.toString(candidate.getParameterTypes()) + " is public but overrides no method of "
                        + type.getSimpleName() + ": make it an override or not public");
            }
            if (!overridden.getReturnType().isAssignableFrom(candidate.getReturnType())) {
                throw new IllegalStateException(wrapper.getName() + "." + candidate.getName() + " returns "
                        + candidate.getReturnType().getName() + ", which " + type.getSimpleName() + " does not return");
            }
            for (Class<?> thrown : candidate.getExceptionTypes()) {
                boolean checked = !RuntimeException.class.isAssignableFrom(thrown) && !Error.class.isAssignableFrom(thrown);
                if (checked && Arrays.stream(overridden.getExceptionTypes()).noneMatch(d -> d.isAssignableFrom(thrown))) {
                    throw new IllegalStateException(wrapper.getName() + "." + candidate.getName() + " throws "
                            + thrown.getName() + ", which " + type.getSimpleName() + " does not declare");
                }
            }
            candidate.setAccessible(true); // the wrapper may be an anonymous or nested class
            overrides.put(Signature.of(overridden), candidate);
        }
        return Map.copyOf(overrides);
    }

    /** The method of {@code type} that {@code candidate} overrides, or null. */
    private static Method interfaceMethod(Class<?> type, Method candidate) {
        try {
            return type.getMethod(candidate.getName(), candidate.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
