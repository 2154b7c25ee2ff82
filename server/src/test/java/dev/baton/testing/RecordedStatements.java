package dev.baton.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Every statement prepared and every commit, with its thread and whether it ran inside a transaction: what one request
 * costs the database, for the suites that hold those counts (import it with {@code @Import}).
 */
@TestConfiguration
public class RecordedStatements {

    /** A statement prepared (its SQL), or {@code commit}; {@code transaction} false for one run in auto-commit. */
    public record Prepared(Thread thread, String sql, boolean transaction) {
    }

    private final List<Prepared> statements = new CopyOnWriteArrayList<>();

    public void clear() {
        statements.clear();
    }

    /** The thread's statements, in order, lower-cased with their white space collapsed. */
    public List<Prepared> of(Thread thread) {
        return statements.stream().filter(p -> p.thread() == thread)
                .map(p -> new Prepared(p.thread(), p.sql().replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT), p.transaction()))
                .toList();
    }

    /** Only the SQL of {@link #of}. */
    public List<String> sqlOf(Thread thread) {
        return of(thread).stream().map(Prepared::sql).toList();
    }

    /** How many of the statements contain the fragment (lower case). */
    public static long count(List<String> statements, String fragment) {
        return statements.stream().filter(s -> s.contains(fragment)).count();
    }

    @Bean
    static BeanPostProcessor recordingStatements(ObjectProvider<RecordedStatements> recorder) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource dataSource)) {
                    return bean;
                }
                return Proxy.newProxyInstance(RecordedStatements.class.getClassLoader(), new Class<?>[] {DataSource.class},
                        (proxy, method, args) -> {
                            Object result = invoke(dataSource, method, args);
                            return result instanceof Connection connection ? recording(connection, recorder) : result;
                        });
            }
        };
    }

    private static Connection recording(Connection connection, ObjectProvider<RecordedStatements> recorder) {
        return (Connection) Proxy.newProxyInstance(RecordedStatements.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null && args[0] instanceof String sql) {
                        recorder.getObject().statements.add(new Prepared(Thread.currentThread(), sql, !connection.getAutoCommit()));
                    } else if (name.equals("commit")) {
                        recorder.getObject().statements.add(new Prepared(Thread.currentThread(), "commit", true));
                    }
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
