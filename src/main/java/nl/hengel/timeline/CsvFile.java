package nl.hengel.timeline;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A CSV file read one record at a time, strictly as UTF-8, each record with the physical line it
 * starts on (the header is line 1; a quoted field spanning lines moves the later records down by
 * exactly the lines it spans). Faults of the file as a whole (not UTF-8, broken quoting, no header)
 * surface as {@link Problem}s naming the line.
 */
public final class CsvFile implements Closeable {

  /** One data record: the line it starts on and its cells, as many as it has. */
  public record Row(long line, List<String> cells) {}

  private static final char QUOTE = '"';
  private static final Pattern STARTED = Pattern.compile("started in line (\\d+)");

  private final QuoteCounter counter;
  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final List<String> header;
  private long lastLine;
  private @Nullable CsvRecord last;

  private CsvFile(Reader source, char delimiter) {
    this.counter = new QuoteCounter(source);
    // Cell counts are checked per row by the importer, so one short row is a row error, not the
    // end.
    this.reader =
        CsvReader.builder()
            .fieldSeparator(delimiter)
            .quoteCharacter(QUOTE)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .skipEmptyLines(true)
            .ofCsvRecord(counter);
    this.records = reader.iterator();
    CsvRecord first = read();
    if (first == null) {
      throw fileError(
          "timeline.csv-empty",
          "The file is empty: a CSV import needs a header line naming the columns, then one line per row.",
          List.of());
    }
    var names = new ArrayList<String>(first.getFields());
    // Excel writes a byte order mark before "CSV UTF-8" files.
    names.set(0, names.getFirst().replace("\uFEFF", ""));
    names.replaceAll(String::trim);
    if (names.stream().allMatch(String::isEmpty)) {
      throw fileError(
          "timeline.csv-missing-header",
          "The first line names no columns: a CSV import needs a header line naming the columns.",
          List.of(new FieldError("line " + first.getStartingLineNumber(), "is blank")));
    }
    this.header = List.copyOf(names);
  }

  /**
   * Opens a UTF-8 file; a byte sequence that is not UTF-8 is reported, with its line, when it is
   * read.
   */
  public static CsvFile open(Path file, char delimiter) {
    try {
      return of(new Utf8Reader(Files.newInputStream(file)), delimiter);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open " + file, e);
    }
  }

  /**
   * Reads UTF-8 bytes as they arrive (a request body), with the same line-numbered faults as a
   * file; closing the CSV file closes the stream.
   */
  public static CsvFile open(InputStream in, char delimiter) {
    return of(new Utf8Reader(in), delimiter);
  }

  /**
   * Refuses a {@code Content-Type} whose charset is neither UTF-8 nor US-ASCII: the import reads
   * UTF-8 only. No charset, or one that does not parse, passes.
   */
  public static void requireUtf8(@Nullable String contentType) {
    String charset = null;
    try {
      charset =
          contentType == null
              ? null
              : MediaType.parseMediaType(contentType).getParameter("charset");
    } catch (InvalidMediaTypeException e) {
      // The server already matched the consumed media types; an odd parameter is no reason to
      // refuse.
    }
    if (charset != null
        && !charset.replace("\"", "").equalsIgnoreCase("utf-8")
        && !charset.replace("\"", "").equalsIgnoreCase("us-ascii")) {
      throw Problem.badRequest(
          "timeline.csv-not-utf8",
          "The import reads UTF-8 only, not "
              + charset
              + ": send the file as UTF-8 (charset=utf-8), e.g. saved from Excel as \"CSV UTF-8\".");
    }
  }

  /** Reads characters already decoded. */
  public static CsvFile of(Reader source, char delimiter) {
    try {
      return new CsvFile(source, delimiter);
    } catch (RuntimeException e) {
      try {
        source.close();
      } catch (IOException ignored) {
        // the first failure is the one to report
      }
      throw e;
    }
  }

  /** The column names of the header line, trimmed, in file order. */
  public List<String> header() {
    return header;
  }

  /** The next record with at least one non-blank cell, or null at the end of the file. */
  public @Nullable Row next() {
    CsvRecord record;
    do {
      record = read();
      if (record == null) {
        checkQuotesClosed();
        return null;
      }
    } while (record.getFields().stream().allMatch(String::isBlank));
    return new Row(record.getStartingLineNumber(), record.getFields());
  }

  private @Nullable CsvRecord read() {
    try {
      if (!records.hasNext()) {
        return null;
      }
      CsvRecord record = records.next();
      lastLine = record.getStartingLineNumber();
      last = record;
      return record;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NotUtf8 bad) {
        throw fileError(
            "timeline.csv-not-utf8",
            "The file is not UTF-8: line "
                + bad.line
                + " holds a byte that is not UTF-8. Save it as \"CSV UTF-8\""
                + " (Excel), or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8.",
            List.of(new FieldError("line " + bad.line, "is not UTF-8")));
      }
      throw e;
    } catch (CsvParseException e) {
      String reason =
          e.getCause() != null && e.getCause().getMessage() != null
              ? e.getCause().getMessage()
              : e.getMessage();
      Matcher started = STARTED.matcher(String.valueOf(e.getMessage()));
      String line = started.find() ? started.group(1) : String.valueOf(lastLine + 1);
      throw fileError(
          "timeline.csv-malformed",
          "The file is not valid CSV at line "
              + line
              + ": "
              + reason
              + ". A field with a quote, delimiter or line break must be quoted, and a quote inside it doubled (\"\").",
          List.of(new FieldError("line " + line, reason)));
    }
  }

  /**
   * FastCSV reads a quote that is never closed as a field running to the end of the file. Quotes
   * come in pairs in valid CSV, so an odd count with a last record spanning lines means exactly
   * that.
   */
  private void checkQuotesClosed() {
    if (last != null
        && counter.quotes % 2 == 1
        && last.getFields().stream().anyMatch(f -> f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0)) {
      long line = last.getStartingLineNumber();
      throw fileError(
          "timeline.csv-malformed",
          "The file is not valid CSV: a quoted field on line "
              + line
              + " is never closed, so it runs to the end of the file.",
          List.of(
              new FieldError("line " + line, "a quote (\") opens a field that is never closed")));
    }
  }

  /** A fault of the file as a whole, found before or while reading it: nothing is written. */
  public static Problem fileError(String code, String detail, List<FieldError> errors) {
    return new Problem(HttpStatus.BAD_REQUEST, code, detail, errors);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A byte sequence that is not UTF-8, on this physical line. */
  private static final class NotUtf8 extends CharacterCodingException {
    final long line;

    NotUtf8(long line) {
      this.line = line;
    }
  }

  /**
   * Decodes UTF-8 strictly and knows the line it is on. Unlike {@code InputStreamReader}, it hands
   * out every character decoded before a bad byte and only then fails, so the failure names its
   * line.
   */
  private static final class Utf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
    private boolean eof;
    private boolean flushed;
    private boolean bad;
    private boolean afterCr;
    private long line = 1;

    Utf8Reader(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      CharBuffer out = CharBuffer.wrap(buffer, offset, length);
      while (out.position() == offset) {
        if (bad) {
          throw new NotUtf8(line);
        }
        if (flushed) {
          return -1;
        }
        CoderResult result = decoder.decode(bytes, out, eof);
        if (result.isError()) {
          bad = true;
        } else if (result.isUnderflow()) {
          if (eof) {
            decoder.flush(out);
            flushed = true;
          } else {
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
              eof = true;
            } else {
              bytes.position(bytes.position() + n);
            }
            bytes.flip();
          }
        }
      }
      int end = out.position();
      for (int i = offset; i < end; i++) {
        char c = buffer[i];
        if (c == '\r' || (c == '\n' && !afterCr)) {
          line++;
        }
        afterCr = c == '\r';
      }
      return end - offset;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Counts the quote characters read, for {@link #checkQuotesClosed()}. */
  private static final class QuoteCounter extends FilterReader {
    long quotes;

    QuoteCounter(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c == QUOTE) {
        quotes++;
      }
      return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      for (int i = offset; i < offset + n; i++) {
        if (buffer[i] == QUOTE) {
          quotes++;
        }
      }
      return n;
    }
  }
}
