package nl.hengel.analytics;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** RFC 4180 CSV of the reports: a header, then rows; an absent figure is an empty cell. */
final class Csv {

  private Csv() {}

  static void write(Writer out, List<String> header, Consumer<CsvWriter> rows) {
    try {
      CsvWriter csv = CsvWriter.builder().build(out);
      csv.writeRecord(header);
      rows.accept(csv);
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String cell(@Nullable Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
