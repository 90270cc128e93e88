package nl.hengel;

import nl.hengel.cli.HengelCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The one executable: {@code java -jar hengel.jar serve} runs the server, every other argument list
 * is a CLI command (see {@code --help}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HengelApplication {

  public static void main(String[] args) {
    int exitCode = HengelCommand.run(args);
    if (exitCode != HengelCommand.KEEP_SERVING) {
      System.exit(exitCode);
    }
  }
}
