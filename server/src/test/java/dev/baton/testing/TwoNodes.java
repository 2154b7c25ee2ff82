package dev.baton.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The production topology run by {@code deploy/local/run-two-nodes}: two Baton processes from
 * {@code server/target/baton.jar} behind Debian's nginx with the shipped {@code deploy/nginx.conf}, on this
 * run's PostgreSQL schema and Redis. Each node is a process of its own, stopped by SIGTERM as in production.
 */
public final class TwoNodes implements AutoCloseable {

    public static final String ADMIN_EMAIL = "admin@topology.example";
    public static final String ADMIN_PASSWORD = "topology-admin-password";

    private final Path script;
    private final Path dir;
    private final Map<String, String> environment = new HashMap<>();
    private final int httpPort;
    private final int[] nodePorts;

    private TwoNodes(Map<String, String> database, String redis, List<String> nodeArgs) throws IOException {
        Path repository = Path.of("").toAbsolutePath();
        if (!Files.exists(repository.resolve("deploy"))) {
            repository = repository.getParent(); // Maven runs the tests in server/
        }
        this.script = repository.resolve("deploy/local/run-two-nodes");
        Path jar = repository.resolve("server/target/baton.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the topology test needs the packaged server (./mvnw -DskipTests package)");
        }
        this.dir = Files.createTempDirectory("baton-two-nodes-");
        this.httpPort = freePort();
        this.nodePorts = new int[] {freePort(), freePort()};
        List<String> args = new ArrayList<>();
        database.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.addAll(nodeArgs);
        environment.put("BATON_LOCAL_DIR", dir.toString());
        environment.put("BATON_JAR", jar.toString());
        environment.put("BATON_DB_URL", database.get("spring.datasource.url"));
        environment.put("BATON_REDIS_URL", redis);
        environment.put("BATON_HTTP_PORT", Integer.toString(httpPort));
        environment.put("BATON_NODE_PORTS", nodePorts[0] + " " + nodePorts[1]);
        environment.put("BATON_NODE_ARGS", String.join(" ", args));
        environment.put("BATON_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        environment.put("BATON_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("BATON_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
    }

    /** Starts both nodes and nginx on a fresh database of this run (PostgreSQL and Redis are required). */
    public static TwoNodes start(String... nodeArgs) throws IOException {
        String redis = TestDatabase.requireService("BATON_TEST_REDIS_URL");
        TestDatabase.requireService("BATON_TEST_POSTGRES_URL");
        if (!TestDatabase.isPostgres()) {
            throw new IllegalStateException("the topology runs on PostgreSQL: run it in the PostgreSQL pass");
        }
        List<String> args = new ArrayList<>(List.of(nodeArgs));
        args.add("--baton.demo.enabled=false");
        args.add("--baton.rate-limits.public-requests-per-minute-per-ip=1000000");
        args.add("--baton.rate-limits.visitor-messages-per-minute=1000000");
        Map<String, String> database = new HashMap<>(TestDatabase.fresh());
        database.remove("spring.datasource.username");
        database.remove("spring.datasource.password");
        TwoNodes nodes = new TwoNodes(database, redis, args);
        nodes.run("start");
        return nodes;
    }

    /** nginx's address: what clients use. */
    public String base() {
        return "http://localhost:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** A node's own address (1 or 2), behind nginx's back: for its metrics. */
    public String node(int n) {
        return "http://127.0.0.1:" + nodePorts[n - 1];
    }

    /** SIGTERM to node n and waits until the process has ended (its graceful shutdown). */
    public void stopNode(int n) {
        run("stop-node", Integer.toString(n));
    }

    /** Starts node n again and waits until it is ready. */
    public void startNode(int n) {
        run("start-node", Integer.toString(n));
    }

    public String log(int n) {
        try {
            return Files.readString(dir.resolve("node-" + n + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        run("stop");
    }

    private void run(String... command) {
        List<String> line = new ArrayList<>();
        line.add(script.toString());
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("script.log").toFile()));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readAllLines(dir.resolve("script.log"))
                        .stream().collect(Collectors.joining("\n")));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
