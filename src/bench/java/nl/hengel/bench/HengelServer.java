package nl.hengel.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hengel as a real, separate server process started from the built jar on the benchmark database,
 * with its output in a log file. Closing it stops the server gracefully (SIGTERM), then forcibly; a
 * shutdown hook does the same when the benchmark itself is interrupted.
 */
final class HengelServer implements AutoCloseable {

  private static final Pattern WORKSPACE_ID =
      Pattern.compile("Created workspace \\S+ \\(id (\\d+)\\)");

  private final Path java;
  private final Path jar;
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private final Process process;
  private final Thread hook;

  /** Id and token of the workspace the benchmark works in. */
  record Workspace(long id, String token) {}

  private HengelServer(
      Path java, Path jar, Map<String, String> env, Path log, int port, Process process) {
    this.java = java;
    this.jar = jar;
    this.env = env;
    this.log = log;
    this.port = port;
    this.process = process;
    this.hook = new Thread(process::destroyForcibly, "stop-hengel-server");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static HengelServer start(Path jar, BenchDatabase db, List<String> jvmOptions, Path log)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No Hengel jar at "
              + jar.toAbsolutePath()
              + ": build it with ./mvnw -DskipTests package");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Map<String, String> env =
        Map.of(
            "HENGEL_DB_URL", db.url, "HENGEL_DB_USER", db.user, "HENGEL_DB_PASSWORD", db.password);
    int port = freePort();
    var command = new ArrayList<String>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "serve", "--port", Integer.toString(port)));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new HengelServer(java, jar, env, log, port, builder.start());
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  long pid() {
    return process.pid();
  }

  /** Waits until {@code /actuator/health} answers 200, failing if the process ends first. */
  void awaitHealthy(HttpClient http, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    var request =
        HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The Hengel server stopped during start-up (exit "
                + process.exitValue()
                + "):\n"
                + tail());
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "The Hengel server was not healthy within " + timeout.toSeconds() + " s:\n" + tail());
  }

  /**
   * Creates a workspace with an admin through the CLI of the same jar; answers its id and token.
   */
  Workspace createWorkspace(String slug, String admin) throws IOException, InterruptedException {
    var builder =
        new ProcessBuilder(
                java.toString(),
                "-jar",
                jar.toString(),
                "workspace",
                "create",
                slug,
                "--name",
                "Ingest benchmark",
                "--admin",
                admin)
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process cli = builder.start();
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(2, TimeUnit.MINUTES) || cli.exitValue() != 0) {
      throw new IllegalStateException("hengel workspace create failed:\n" + output);
    }
    Matcher id = WORKSPACE_ID.matcher(output);
    List<String> lines = output.strip().lines().toList();
    if (!id.find() || lines.isEmpty()) {
      throw new IllegalStateException("Unexpected output of hengel workspace create:\n" + output);
    }
    return new Workspace(Long.parseLong(id.group(1)), lines.getLast().strip());
  }

  /** The peak resident set size of the server process so far (Linux VmHWM), in KiB, or -1. */
  long peakRssKib() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /** The last lines of the server's log, for error messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
