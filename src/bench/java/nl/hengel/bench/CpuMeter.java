package nl.hengel.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the machine's CPU time went between two readings, from Linux's {@code /proc}: the Hengel
 * server, this driver, PostgreSQL working for the benchmark database, and the rest (other work on a
 * shared machine). On other systems every reading is zero.
 */
final class CpuMeter {

  /** CPU time in clock ticks (1/100 s on Linux) at one moment. */
  record Reading(long nanos, long busy, long server, long driver, long postgres) {}

  private static final double TICKS_PER_SECOND = 100.0;

  private final long serverPid;
  private final String database;

  CpuMeter(long serverPid, String database) {
    this.serverPid = serverPid;
    this.database = database;
  }

  Reading read() {
    return new Reading(
        System.nanoTime(),
        machineBusy(),
        ticks(Path.of("/proc", Long.toString(serverPid), "stat")),
        ticks(Path.of("/proc/self/stat")),
        postgres());
  }

  /**
   * "Hengel 1.31, PostgreSQL 0.52, driver 0.08, other 0.03 of 2 cores; per 1,000 items Hengel 95
   * ms, PostgreSQL 38 ms" between the two readings. CPU time per item is steadier than wall time on
   * a machine shared with other work.
   */
  static String between(Reading from, Reading to, long items) {
    double seconds = (to.nanos() - from.nanos()) / 1e9;
    if (seconds <= 0 || to.busy() == 0) {
      return "(not measured on this system)";
    }
    double server = (to.server() - from.server()) / TICKS_PER_SECOND / seconds;
    double driver = (to.driver() - from.driver()) / TICKS_PER_SECOND / seconds;
    double postgres = (to.postgres() - from.postgres()) / TICKS_PER_SECOND / seconds;
    double busy = (to.busy() - from.busy()) / TICKS_PER_SECOND / seconds;
    return String.format(
        Locale.ROOT,
        "Hengel %.2f, PostgreSQL %.2f, driver %.2f, other %.2f of %d cores; "
            + "per 1,000 items Hengel %.0f ms, PostgreSQL %.0f ms",
        server,
        postgres,
        driver,
        Math.max(0, busy - server - driver - postgres),
        Runtime.getRuntime().availableProcessors(),
        server * seconds * 1e6 / items,
        postgres * seconds * 1e6 / items);
  }

  private static long machineBusy() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      return Long.parseLong(f[1])
          + Long.parseLong(f[2])
          + Long.parseLong(f[3])
          + Long.parseLong(f[6])
          + Long.parseLong(f[7])
          + Long.parseLong(f[8]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The PostgreSQL processes working for this database: its backends and autovacuum workers (their
   * process title names the database) and the shared WAL and checkpoint writers. Backends of other
   * databases (other people's tests on a shared server) do not count.
   */
  private long postgres() {
    long total = 0;
    try (DirectoryStream<Path> procs =
        Files.newDirectoryStream(
            Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        try {
          String stat = Files.readString(proc.resolve("stat"));
          if (!stat.contains("(postgres)")) {
            continue;
          }
          String title = Files.readString(proc.resolve("cmdline")).replace('\0', ' ').strip() + " ";
          if (title.contains(" " + database + " ")
              || title.contains("checkpointer")
              || title.contains("walwriter")
              || title.contains("background writer")) {
            total += ownTicks(stat);
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return total;
  }

  private static long ticks(Path stat) {
    try {
      return ticks(Files.readString(stat));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime + the same of waited-for children, from a /proc/PID/stat line. */
  private static long ticks(String stat) {
    String[] f = fields(stat);
    return Long.parseLong(f[11])
        + Long.parseLong(f[12])
        + Long.parseLong(f[13])
        + Long.parseLong(f[14]);
  }

  /** utime + stime, from a /proc/PID/stat line. */
  private static long ownTicks(String stat) {
    String[] f = fields(stat);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * The fields after the command name: [0] is field 3 (state); utime, stime, cutime, cstime are
   * fields 14-17.
   */
  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }
}
