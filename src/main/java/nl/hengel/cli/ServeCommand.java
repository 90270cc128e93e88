package nl.hengel.cli;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import nl.hengel.HengelApplication;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Hengel server. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the Hengel server (REST API, OpenAPI at /v3/api-docs, health at /actuator/health).",
      "With --demo it first makes sure a demo workspace with sample data exists, and prints a",
      "fresh admin token for it.",
    })
final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      description = "HTTP port (default: ${DEFAULT-VALUE}, or $PORT)",
      defaultValue = "${env:PORT:-8080}")
  int port;

  @Option(
      names = "--demo",
      description = "Create the demo workspace if missing and print an admin token for it.")
  boolean demo;

  @Option(
      names = "--profile",
      description = "Spring profile(s), e.g. prod (refuses to start without HENGEL_DB_URL).")
  String profile;

  @Override
  public Integer call() {
    var args = new ArrayList<String>();
    args.add("--server.port=" + port);
    if (demo) {
      args.add("--hengel.demo.enabled=true");
    }
    if (profile != null) {
      args.add("--spring.profiles.active=" + profile);
    }
    try {
      SpringApplication.run(HengelApplication.class, args.toArray(String[]::new));
    } catch (RuntimeException e) {
      // Spring Boot has already reported why it could not start (a failure analysis or the trace).
      return 1;
    }
    return HengelCommand.KEEP_SERVING;
  }
}
