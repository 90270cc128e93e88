package nl.hengel.cli;

import nl.hengel.HengelApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts Hengel without its web server, for CLI commands that work on the database directly. */
final class Spring {

  private Spring() {}

  static ConfigurableApplicationContext offline() {
    return new SpringApplicationBuilder(HengelApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .properties(
            "logging.level.root=WARN",
            "logging.level.nl.hengel=WARN",
            "spring.main.banner-mode=off")
        .run();
  }
}
