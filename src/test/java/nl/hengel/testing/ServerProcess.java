package nl.hengel.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Hengel as a separate JVM, started the way an operator starts it ({@code HengelApplication} with
 * CLI arguments), for what a server inside the test JVM cannot show: surviving {@code kill -9},
 * refusing to start, what it prints. Its output goes to a file that failure messages quote. Close
 * it (try-with-resources) so that a failing test never leaves a server behind.
 */
public final class ServerProcess implements AutoCloseable {

  /** How long a server may take to answer {@code /actuator/health} on a busy 2-core machine. */
  public static final Duration START_DEADLINE = Duration.ofSeconds(60);

  /** The exit value of a JVM ended by SIGKILL on Linux: 128 + 9. */
  public static final int KILLED_BY_SIGKILL = 137;

  private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  // Children still running when the test JVM ends (a fork timeout, say) are ended with it.
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
  }

  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * The environment of a child process: the variables it gets on top of the inherited ones, which
   * lose every {@code HENGEL_*} and {@code SPRING_*} variable first, so that nothing from the
   * developer's shell chooses another database or profile.
   */
  public record Environment(Map<String, String> variables) {

    public Environment {
      variables = Map.copyOf(variables);
    }

    /** The embedded H2 database under {@code dataDir}, and nothing else configured. */
    public static Environment embedded(Path dataDir) {
      return new Environment(Map.of("HENGEL_DATA_DIR", dataDir.toAbsolutePath().toString()));
    }

    /**
     * This JVM's test database as a server's own: H2 files under {@code dataDir} (an in-memory
     * database would not survive its process), or the test PostgreSQL server.
     */
    public static Environment testDatabase(Path dataDir) {
      if (!TestDatabase.isPostgres()) {
        return embedded(dataDir);
      }
      TestDatabase.Connection c = TestDatabase.connection();
      return new Environment(
          Map.of(
              "HENGEL_DB_URL",
              c.url(),
              "HENGEL_DB_USER",
              c.user(),
              "HENGEL_DB_PASSWORD",
              c.password()));
    }

    /**
     * A database of the server's own that nothing else in this test run uses: H2 files under {@code
     * dataDir}, or a new database on the test PostgreSQL server. Shared, the test JVM's own server
     * (cached by the integration tests) would drain the same scoring queue; a test that needs work
     * left undone until a kill cannot share it.
     */
    public static Environment ownDatabase(Path dataDir) {
      if (!TestDatabase.isPostgres()) {
        return embedded(dataDir);
      }
      TestDatabase.Connection c = TestDatabase.connection();
      String name = "hengel_own_" + java.util.UUID.randomUUID().toString().replace("-", "");
      try (var connection = java.sql.DriverManager.getConnection(c.url(), c.user(), c.password());
          var statement = connection.createStatement()) {
        statement.execute("create database " + name);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("Could not create a database of the server's own", e);
      }
      String url = c.url().replaceFirst("/[^/?]+(\\?.*)?$", "/" + name + "$1");
      return new Environment(
          Map.of(
              "HENGEL_DB_URL",
              url,
              "HENGEL_DB_USER",
              c.user(),
              "HENGEL_DB_PASSWORD",
              c.password()));
    }

    public Environment with(String name, String value) {
      var more = new LinkedHashMap<>(variables);
      more.put(name, value);
      return new Environment(more);
    }
  }

  /** The end of a command that ran to completion. */
  public record Result(int exitCode, String stdout, String stderr) {

    /** The last non-blank line of standard output (where the CLI prints a new token). */
    public String lastLine() {
      List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "" : lines.getLast().trim();
    }

    public String output() {
      return stdout + stderr;
    }

    @Override
    public String toString() {
      return "exit "
          + exitCode
          + "\n--- stdout\n"
          + excerpt(stdout)
          + "--- stderr\n"
          + excerpt(stderr);
    }
  }

  /**
   * Starts {@code serve --port <a free port>} plus {@code extraArgs} and returns once it answers
   * {@code /actuator/health} with 200; fails with its output if it ends or takes longer than {@link
   * #START_DEADLINE}.
   */
  public static ServerProcess serve(Environment env, Path log, String... extraArgs) {
    int port = freePort();
    var args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port)));
    args.addAll(Arrays.asList(extraArgs));
    ServerProcess server = new ServerProcess(start(env, log, log, args), log, port);
    try {
      server.awaitHealthy();
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Runs a command line to its end ({@code workspace create …}, or a {@code serve} that is expected
   * to refuse), with standard output and error kept apart in {@code <name>.out} and {@code
   * <name>.err} under {@code dir}. A command still running after {@code deadline} is killed and
   * fails the test.
   */
  public static Result run(
      Environment env, Path dir, String name, Duration deadline, String... args) {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process process = start(env, out, err, List.of(args));
    try {
      boolean ended = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        throw new AssertionError(
            "`hengel "
                + String.join(" ", args)
                + "` did not end within "
                + deadline
                + "\n--- stdout\n"
                + excerpt(read(out))
                + "--- stderr\n"
                + excerpt(read(err)));
      }
      return new Result(process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    } finally {
      RUNNING.remove(process);
    }
  }

  public int port() {
    return port;
  }

  /** Everything the server printed so far, standard output and error together. */
  public String output() {
    return read(log);
  }

  /**
   * Ends the server the hard way, as {@code kill -9} does: no shutdown hook, no graceful close of
   * the database, sockets cut. Answers the exit value ({@link #KILLED_BY_SIGKILL}). What the
   * process had handed to the operating system survives; a power cut, which also loses what the
   * operating system had not yet written to disk, is not what this shows.
   */
  public int kill9() {
    process.destroyForcibly(); // SIGKILL on Linux and macOS
    return awaitExit();
  }

  /** Asks the server to shut down gracefully (SIGTERM) and answers its exit value. */
  public int stop() {
    process.destroy();
    return awaitExit();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit();
    }
    RUNNING.remove(process);
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "Server pid "
                + process.pid()
                + " did not end within "
                + EXIT_DEADLINE
                + "\n"
                + excerpt(output()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    RUNNING.remove(process);
    return process.exitValue();
  }

  private void awaitHealthy() {
    try {
      await("server on port " + port + " answering /actuator/health")
          .atMost(START_DEADLINE)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            if (!process.isAlive()) {
              throw new AssertionError(
                  "The server ended (exit "
                      + process.exitValue()
                      + ") before it answered "
                      + "/actuator/health; its output ("
                      + log
                      + "):\n"
                      + excerpt(output()));
            }
            return health() == 200;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "The server did not answer /actuator/health with 200 within "
              + START_DEADLINE
              + "; its output ("
              + log
              + "):\n"
              + excerpt(output()),
          e);
    }
  }

  private int health() {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Process start(Environment env, Path out, Path err, List<String> args) {
    var command = new ArrayList<String>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // Quicker start-up on a shared 2-core machine; durability is the database's, not the JIT's.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m"));
    command.addAll(List.of("-cp", applicationClassPath(), "nl.hengel.HengelApplication"));
    command.addAll(args);
    var builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(name ->
            name.startsWith("HENGEL_") || name.startsWith("SPRING_") || name.equals("PORT"));
    builder.environment().putAll(env.variables());
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      if (out.equals(err)) {
        builder.redirectErrorStream(true);
      } else {
        builder.redirectError(err.toFile());
      }
      builder.redirectOutput(out.toFile());
      Process process = builder.start();
      RUNNING.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + command, e);
    }
  }

  /**
   * This JVM's class path without the test classes: the child is the application as shipped (plus
   * test-scoped libraries, which it does not use), not one whose component scan finds test
   * configurations such as {@link IntegrationTestSupport}'s clock.
   */
  private static String applicationClassPath() {
    Path testClasses;
    try {
      testClasses =
          Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry ->
            !entry.isBlank()
                && !Path.of(entry)
                    .toAbsolutePath()
                    .normalize()
                    .equals(testClasses.toAbsolutePath().normalize()))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      // Leniently: the process may be in the middle of writing a multi-byte character.
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process's output for a failure message: whole, or its start (the cause) and its end. */
  public static String excerpt(String output) {
    List<String> lines = output.lines().toList();
    if (lines.size() <= 150) {
      return output;
    }
    return String.join("\n", lines.subList(0, 30))
        + "\n[… "
        + (lines.size() - 130)
        + " lines …]\n"
        + String.join("\n", lines.subList(lines.size() - 100, lines.size()))
        + "\n";
  }
}
